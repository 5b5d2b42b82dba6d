"""Settings from the environment (and `.env` through python-dotenv); `.env.example` documents each one."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from dotenv import load_dotenv

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"


def _get(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


@dataclass(frozen=True)
class Settings:
    clinic_name: str
    clinic_phone: str
    clinic_hours: str
    clinic_email: str
    booking_url: str
    database_url: str
    tracker_db: str
    rasa_port: int
    action_port: int
    web_port: int
    rasa_url: str
    action_server_url: str
    escalation_webhook_url: str
    smtp_host: str
    smtp_port: int
    smtp_from: str
    staff_alert_email: str
    sweep_interval_seconds: int
    outbox_poll_seconds: float
    # Browser-visible Rasa URL for the widget's socket.io; empty: the page's host on rasa_port.
    public_rasa_url: str = ""
    # Twilio SMS (channels/twilio.py); empty credentials: the SMS webhook refuses every request.
    twilio_account_sid: str = ""
    twilio_auth_token: str = field(default="", repr=False)
    twilio_number: str = ""
    twilio_webhook_url: str = ""  # the exact public URL Twilio signs; empty: rebuilt from the request
    twilio_api_base_url: str = ""  # tests point this at a local fake; empty: https://api.twilio.com
    phone_hash_pepper: str = field(default="", repr=False)  # hashes phone numbers in logs; empty: random

    @property
    def clinic_slots(self) -> dict[str, str]:
        """Values the bot's responses fill into {clinic_name}-style placeholders."""
        return {
            "clinic_name": self.clinic_name,
            "clinic_phone": self.clinic_phone,
            "clinic_hours": self.clinic_hours,
            "clinic_email": self.clinic_email,
            "booking_url": self.booking_url,
        }


def load_settings(env_file: Path | None = None) -> Settings:
    """Reads `.env` (never overriding variables already set, so tests and deployments win)."""
    load_dotenv(env_file or ROOT / ".env", override=False)
    var = Path(_get("VAR_DIR", str(ROOT / "var")))
    rasa_port = int(_get("RASA_PORT", "5005"))
    action_port = int(_get("ACTION_PORT", "5055"))
    return Settings(
        clinic_name=_get("CLINIC_NAME", "Example TMS Clinic"),
        clinic_phone=_get("CLINIC_PHONE", "(555) 010-0199"),
        clinic_hours=_get("CLINIC_HOURS", "Mon-Fri 8am-5pm"),
        clinic_email=_get("CLINIC_EMAIL", "care@example-tms-clinic.test"),
        booking_url=_get("BOOKING_URL", "https://example-tms-clinic.test/book"),
        database_url=_get("DATABASE_URL", f"sqlite:///{var / 'tms_assistant.db'}"),
        tracker_db=_get("TRACKER_DB", str(var / "tracker.db")),
        rasa_port=rasa_port,
        action_port=action_port,
        web_port=int(_get("WEB_PORT", "8080")),
        rasa_url=_get("RASA_URL", f"http://localhost:{rasa_port}"),
        action_server_url=_get("ACTION_ENDPOINT_URL", f"http://localhost:{action_port}/webhook"),
        escalation_webhook_url=_get("ESCALATION_WEBHOOK_URL", ""),
        smtp_host=_get("SMTP_HOST", ""),
        smtp_port=int(_get("SMTP_PORT", "25")),
        smtp_from=_get("SMTP_FROM", "tms-assistant@localhost"),
        staff_alert_email=_get("STAFF_ALERT_EMAIL", ""),
        sweep_interval_seconds=int(_get("ESCALATION_SWEEP_SECONDS", "30")),
        outbox_poll_seconds=float(_get("OUTBOX_POLL_SECONDS", "2")),
        public_rasa_url=_get("PUBLIC_RASA_URL", ""),
        twilio_account_sid=_get("TWILIO_ACCOUNT_SID", ""),
        twilio_auth_token=_get("TWILIO_AUTH_TOKEN", ""),
        twilio_number=_get("TWILIO_NUMBER", ""),
        twilio_webhook_url=_get("TWILIO_WEBHOOK_URL", ""),
        twilio_api_base_url=_get("TWILIO_API_BASE_URL", ""),
        phone_hash_pepper=_get("PHONE_HASH_PEPPER", ""),
    )


@lru_cache(maxsize=1)
def settings() -> Settings:
    return load_settings()
