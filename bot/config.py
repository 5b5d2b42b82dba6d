"""Settings from the environment (and `.env` through python-dotenv); `.env.example` documents each one."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from dotenv import load_dotenv

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
#: Trained artefacts (the Rasa model, the crisis classifier's fitted weights): built here, never committed.
MODELS_DIR = ROOT / "models"
PROFILES = ("embedded", "production")


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
    database_url: str = field(repr=False)  # may hold a password (PostgreSQL)
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
    # Rasa's HTTP API token (RASA_API_TOKEN); `make run` writes a random one to .env when unset.
    rasa_api_token: str = field(default="", repr=False)
    # The action server's shared secret (ACTION_SERVER_TOKEN); `make run` writes a random one to .env when unset.
    action_server_token: str = field(default="", repr=False)
    # The clinic web server (demo page, staff console) binds here: loopback unless a front door needs more.
    web_host: str = "127.0.0.1"
    clinic_timezone: str = "UTC"  # IANA name (CLINIC_TIMEZONE, e.g. America/Chicago): times in the staff console
    twilio_account_sid: str = ""
    twilio_auth_token: str = field(default="", repr=False)
    twilio_number: str = ""
    twilio_webhook_url: str = ""  # the exact public URL Twilio signs; required when the Twilio channel is on
    twilio_api_base_url: str = ""  # tests point this at a local fake; empty: https://api.twilio.com
    twilio_keyword_replies: bool = True  # False when Twilio's own STOP/HELP/START replies are on
    sms_opted_out_crisis: str = "reply"  # "reply": one 988 text answers the crisis message; "call": staff only
    sms_long_texts: str = "concatenated"  # "separate": a long text goes as one-segment parts numbered (1/3)
    phone_hash_pepper: str = field(default="", repr=False)  # hashes phone numbers in logs; empty: random
    # Staff console: the front door (nginx) whose X-Forwarded-For/-Proto are believed; comma-separated
    # addresses or networks. Anyone else's forwarded headers are ignored (sign-in limits, Secure cookie).
    staff_trusted_proxy: str = "127.0.0.1"
    # REST and socket.io message limits (bot/rate_limit.py): "BURST,PER_MINUTE" per client address and per
    # conversation, "off" to turn one off; addresses/networks in message_limit_exempt are never limited.
    message_limit_address: str = "15,60"
    message_limit_sender: str = "12,30"
    message_limit_exempt: str = ""
    # --- Deployment (docs/production.md): "embedded" (one process each, SQLite) or "production" ---
    deployment_profile: str = "embedded"
    # TRACKER_STORE_URL as set (or derived from POSTGRES_* in production); read it as `tracker_store_url`.
    tracker_store_override: str = field(default="", repr=False)
    rasa_replicas: int = 1
    action_replicas: int = 1
    worker_replicas: int = 1
    rasa_replica_port_base: int = 0  # production: replica i listens on base + i; 0: rasa_port + 100
    action_replica_port_base: int = 0  # production: replica i listens on base + i; 0: action_port + 100
    redis_host: str = "127.0.0.1"
    redis_port: int = 6380
    redis_password: str = field(default="", repr=False)
    redis_db: int = 1
    retention_days: int = 365
    spool_dir: str = str(ROOT / "var" / "spool")  # escalations held while our database is down (bot/escalation/spool.py)
    escalation_realert_seconds: int = 300  # a repeated crisis alerts staff again at most this often
    escalations_per_conversation_per_day: int = 3  # past this, crises re-open the latest (flood limit)
    # Clinical sign-off (bot/clinical_review): "approved" serves only approved versions (always so in
    # production); "pending" serves versions awaiting review, marked "not yet clinically reviewed".
    serve_content: str = "pending"
    # When the clinic answers after a pre-screen (CLINIC_RESPONSE_TIME), told to the person with the next steps.
    clinic_response_time: str = "within one business day"
    # A staff reply the visitor's widget has not picked up after this many seconds goes by SMS or e-mail
    # when the pre-screen gave a way (bot/staff/fallback.py); 0 turns the fallback off.
    staff_reply_fallback_seconds: int = 900

    @property
    def production(self) -> bool:
        return self.deployment_profile == "production"

    @property
    def tracker_store_url(self) -> str:
        """SQLAlchemy URL of Rasa's tracker store, for readers (sweeper, transcripts, purge)."""
        return self.tracker_store_override or f"sqlite:///{self.tracker_db}"

    def rasa_replica_ports(self) -> list[int]:
        base = self.rasa_replica_port_base or self.rasa_port + 100
        return [base + i for i in range(self.rasa_replicas)]

    def action_replica_ports(self) -> list[int]:
        base = self.action_replica_port_base or self.action_port + 100
        return [base + i for i in range(self.action_replicas)]

    @property
    def clinic_slots(self) -> dict[str, str]:
        """Values the bot's responses fill into {clinic_name}-style placeholders."""
        return {
            "clinic_name": self.clinic_name,
            "clinic_phone": self.clinic_phone,
            "clinic_hours": self.clinic_hours,
            "clinic_email": self.clinic_email,
            "booking_url": self.booking_url,
            "clinic_response_time": self.clinic_response_time,
        }


def load_settings(env_file: Path | None = None) -> Settings:
    """Reads `.env` (never overriding variables already set, so tests and deployments win)."""
    load_dotenv(env_file or ROOT / ".env", override=False)
    var = Path(_get("VAR_DIR", str(ROOT / "var")))
    profile = _get("DEPLOYMENT_PROFILE", "embedded").lower()
    if profile not in PROFILES:
        raise ValueError(f"DEPLOYMENT_PROFILE must be one of {', '.join(PROFILES)}, not {profile!r}")
    production = profile == "production"
    postgres = postgres_url() if production else ""
    serve_content = _get("SERVE_CONTENT", "approved" if production else "pending").lower()
    if serve_content not in ("approved", "pending") or (production and serve_content != "approved"):
        raise ValueError("SERVE_CONTENT must be approved or pending (the production profile serves approved only)")
    rasa_port = int(_get("RASA_PORT", "5005"))
    action_port = int(_get("ACTION_PORT", "5055"))
    return Settings(
        clinic_name=_get("CLINIC_NAME", "Example TMS Clinic"),
        clinic_phone=_get("CLINIC_PHONE", "(555) 010-0199"),
        clinic_hours=_get("CLINIC_HOURS", "Mon-Fri 8am-5pm"),
        clinic_email=_get("CLINIC_EMAIL", "care@example-tms-clinic.test"),
        booking_url=_get("BOOKING_URL", "https://example-tms-clinic.test/book"),
        database_url=_get("DATABASE_URL", postgres or f"sqlite:///{var / 'tms_assistant.db'}"),
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
        rasa_api_token=_get("RASA_API_TOKEN", ""),
        action_server_token=_get("ACTION_SERVER_TOKEN", ""),
        web_host=_get("WEB_HOST", "127.0.0.1"),
        clinic_timezone=_get("CLINIC_TIMEZONE", "UTC"),
        twilio_account_sid=_get("TWILIO_ACCOUNT_SID", ""),
        twilio_auth_token=_get("TWILIO_AUTH_TOKEN", ""),
        twilio_number=_get("TWILIO_NUMBER", ""),
        twilio_webhook_url=_get("TWILIO_WEBHOOK_URL", ""),
        twilio_api_base_url=_get("TWILIO_API_BASE_URL", ""),
        twilio_keyword_replies=_get("TWILIO_KEYWORD_REPLIES", "true").lower() not in {"0", "false", "no", "off"},
        sms_opted_out_crisis="call" if _get("SMS_OPTED_OUT_CRISIS", "reply").strip().lower() == "call" else "reply",
        sms_long_texts="separate" if _get("SMS_LONG_TEXTS", "concatenated").strip().lower() == "separate" else "concatenated",
        phone_hash_pepper=_get("PHONE_HASH_PEPPER", ""),
        staff_trusted_proxy=_get("STAFF_TRUSTED_PROXY", "127.0.0.1"),
        message_limit_address=_get("MESSAGE_LIMIT_ADDRESS", "15,60"),
        message_limit_sender=_get("MESSAGE_LIMIT_SENDER", "12,30"),
        message_limit_exempt=_get("MESSAGE_LIMIT_EXEMPT", ""),
        deployment_profile=profile,
        tracker_store_override=_get("TRACKER_STORE_URL", postgres),
        rasa_replicas=int(_get("RASA_REPLICAS", "2" if production else "1")),
        action_replicas=int(_get("ACTION_REPLICAS", "2" if production else "1")),
        worker_replicas=int(_get("WORKER_REPLICAS", "2" if production else "1")),
        rasa_replica_port_base=int(_get("RASA_REPLICA_PORT_BASE", "0")),
        action_replica_port_base=int(_get("ACTION_REPLICA_PORT_BASE", "0")),
        redis_host=_get("REDIS_HOST", "127.0.0.1"),
        redis_port=int(_get("REDIS_PORT", "6380")),
        redis_password=_get("REDIS_PASSWORD", ""),
        redis_db=int(_get("REDIS_DB", "1")),
        retention_days=int(_get("RETENTION_DAYS", "365")),
        spool_dir=str(var / "spool"),
        escalation_realert_seconds=int(_get("ESCALATION_REALERT_SECONDS", "300")),
        escalations_per_conversation_per_day=int(_get("ESCALATIONS_PER_CONVERSATION_PER_DAY", "3")),
        serve_content=serve_content,
        clinic_response_time=_get("CLINIC_RESPONSE_TIME", "within one business day"),
        staff_reply_fallback_seconds=int(_get("STAFF_REPLY_FALLBACK_SECONDS", "900")),
    )


#: The production PostgreSQL unless POSTGRES_* say otherwise (scripts/services.sh creates it from these).
POSTGRES_DEFAULTS = {"POSTGRES_HOST": "127.0.0.1", "POSTGRES_PORT": "5433", "POSTGRES_USER": "tms", "POSTGRES_DB": "tms_assistant"}


def postgres_env() -> dict[str, str]:
    """POSTGRES_* as set, else the defaults; the password comes from the environment only, never a default."""
    return {**{name: _get(name, default) for name, default in POSTGRES_DEFAULTS.items()},
            "POSTGRES_PASSWORD": os.environ.get("POSTGRES_PASSWORD", "")}


def postgres_url() -> str:
    """The production default for DATABASE_URL and TRACKER_STORE_URL, from POSTGRES_*."""
    from urllib.parse import quote

    env = postgres_env()
    user = quote(env["POSTGRES_USER"], safe="")
    password = env["POSTGRES_PASSWORD"]
    auth = f"{user}:{quote(password, safe='')}" if password else user
    return f"postgresql://{auth}@{env['POSTGRES_HOST']}:{env['POSTGRES_PORT']}/{env['POSTGRES_DB']}"


@lru_cache(maxsize=1)
def settings() -> Settings:
    return load_settings()
