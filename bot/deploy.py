"""Configuration of the production profile's local services, for scripts/services.sh.

`python -m bot.deploy env` prints the service settings as shell assignments (from the environment
and `.env`, with the same defaults the bot uses); `python -m bot.deploy nginx-conf --prefix DIR`
prints the nginx configuration for the current replica counts and ports (docs/production.md), after
making a self-signed TLS certificate under VAR_DIR/tls when no TLS_CERT_FILE is set.
"""
from __future__ import annotations

import argparse
import os
import shlex
import string
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.config import ROOT, Settings, load_settings, postgres_env
from bot.rate_limit import Limit, parse_networks


def service_env(config: Settings) -> dict[str, str]:
    """What services.sh needs. Secrets are passed through from the environment, never written to files."""
    return {
        "SERVICES_DIR": os.environ.get("SERVICES_DIR", "").strip() or str(ROOT / "var" / "services"),
        **postgres_env(),
        "REDIS_HOST": config.redis_host,
        "REDIS_PORT": str(config.redis_port),
        "REDIS_PASSWORD": config.redis_password,
        "NGINX_LISTEN": os.environ.get("NGINX_LISTEN", "").strip() or "127.0.0.1",
        "NGINX_HTTP_PORT": os.environ.get("NGINX_HTTP_PORT", "").strip() or "80",
        "NGINX_HTTPS_PORT": os.environ.get("NGINX_HTTPS_PORT", "").strip() or "443",
        "RASA_PORT": str(config.rasa_port),
        "ACTION_PORT": str(config.action_port),
    }


TEMPLATE = Path(__file__).with_name("nginx.conf.template")
LOGIN_PER_MINUTE = 10  # staff sign-in attempts per address at the front door (the console throttles too)
SOCKETIO_REQUESTS_PER_MESSAGE = 4  # long-polling: a POST per message plus the GETs it wakes up


class NginxTemplate(string.Template):
    delimiter = "@"  # nginx's own variables keep their $


@dataclass(frozen=True)
class FrontDoor:
    """The public side of nginx: where it listens and the TLS certificate it presents."""

    listen: str
    http_port: int
    https_port: int
    certificate: Path
    certificate_key: Path


def front_door(var_dir: Path | None = None) -> FrontDoor:
    """NGINX_* and TLS_* settings; without TLS_CERT_FILE a self-signed certificate under VAR_DIR/tls."""
    var = var_dir or Path(os.environ.get("VAR_DIR", "").strip() or ROOT / "var")
    certificate = os.environ.get("TLS_CERT_FILE", "").strip()
    key = os.environ.get("TLS_KEY_FILE", "").strip()
    if bool(certificate) != bool(key):
        raise ValueError("set both TLS_CERT_FILE and TLS_KEY_FILE, or neither (a self-signed certificate)")
    return FrontDoor(
        listen=os.environ.get("NGINX_LISTEN", "").strip() or "127.0.0.1",
        http_port=int(os.environ.get("NGINX_HTTP_PORT", "").strip() or "80"),
        https_port=int(os.environ.get("NGINX_HTTPS_PORT", "").strip() or "443"),
        certificate=Path(certificate) if certificate else var.resolve() / "tls" / "self-signed.crt",
        certificate_key=Path(key) if key else var.resolve() / "tls" / "self-signed.key",
    )


def ensure_certificate(door: FrontDoor, operator_supplied: bool) -> None:
    """A self-signed certificate for tests and a first start (browsers warn: replace it with the clinic's
    own through TLS_CERT_FILE/TLS_KEY_FILE); an operator's certificate is only checked to exist."""
    if door.certificate.exists() and door.certificate_key.exists():
        door.certificate_key.chmod(0o600)
        return
    if operator_supplied:
        raise FileNotFoundError(f"TLS certificate or key missing: {door.certificate}, {door.certificate_key}")
    door.certificate.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "365", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(door.certificate_key), "-out", str(door.certificate)],
        check=True, capture_output=True, timeout=60,
    )
    door.certificate_key.chmod(0o600)


def _limit_line(zone: str, limit: Limit | None, factor: int = 1) -> tuple[str, str]:
    """(rate per minute, the location's limit_req line); an "off" limit counts but never refuses."""
    if limit is None:
        return "1000000", f"# no per-address {zone} limit (MESSAGE_LIMIT_ADDRESS=off)"
    return str(max(1, round(limit.per_minute * factor))), f"limit_req zone={zone} burst={limit.burst * factor} nodelay;"


def nginx_conf(config: Settings, prefix: Path, door: FrontDoor) -> str:
    """nginx in front of the replicas (bot/nginx.conf.template).

    * The public server is HTTPS (HTTP only redirects) and passes on only the public paths: /socket.io/
      (sticky: the widget's `lb` query parameter, else the client's address), /webhooks/ (round robin:
      the Redis lock store and the shared tracker store let any replica serve any turn), the staff
      console, the demo page and the widget's files. Per-address request limits (MESSAGE_LIMIT_ADDRESS,
      four times that for socket.io's polling requests, LOGIN_PER_MINUTE for the staff sign-in) and
      a body limit per route. A replica that refuses connections is skipped, but a POST it received is
      never sent to another replica (no `non_idempotent`: a poison request cannot visit every replica).
    * Rasa's HTTP API and the action servers answer on loopback only.
    * Logs: no access log and only critical errors, because request lines can hold a phone number
      (SMS conversation ids in API paths): PHI stays out of logs.
    """
    messages = Limit.parse(config.message_limit_address)
    message_rate, message_limit = _limit_line("messages", messages)
    socketio_rate, socketio_limit = _limit_line("socketio", messages, SOCKETIO_REQUESTS_PER_MESSAGE)
    servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=2 fail_timeout=3s;" for port in config.rasa_replica_ports())
    actions = "\n".join(f"        server 127.0.0.1:{port} max_fails=2 fail_timeout=3s;" for port in config.action_replica_ports())
    exempt = "\n".join(f"        {network} 1;" for network in parse_networks(config.message_limit_exempt))
    return NginxTemplate(TEMPLATE.read_text(encoding="utf-8")).substitute(
        prefix=prefix, rasa_servers=servers, action_servers=actions, exempt=exempt, web_port=config.web_port,
        rasa_port=config.rasa_port, action_port=config.action_port, listen=door.listen, http_port=door.http_port,
        https_port=door.https_port, certificate=door.certificate, certificate_key=door.certificate_key,
        message_rate=message_rate, socketio_rate=socketio_rate, message_limit=message_limit,
        socketio_limit=socketio_limit, login_rate=LOGIN_PER_MINUTE,
        login_burst=LOGIN_PER_MINUTE,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.deploy", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("env", help="service settings as shell assignments")
    conf = sub.add_parser("nginx-conf", help="the nginx configuration")
    conf.add_argument("--prefix", type=Path, required=True)
    args = parser.parse_args(argv)
    config = load_settings()
    if args.command == "env":
        for name, value in service_env(config).items():
            print(f"{name}={shlex.quote(value)}")
        return 0
    production = config if config.production else load_settings_production()
    door = front_door()
    ensure_certificate(door, operator_supplied=bool(os.environ.get("TLS_CERT_FILE", "").strip()))
    print(nginx_conf(production, args.prefix.resolve(), door), end="")
    return 0


def load_settings_production() -> Settings:
    """nginx always fronts the production layout (replica counts and ports), whatever the profile says."""
    previous = os.environ.get("DEPLOYMENT_PROFILE")
    os.environ["DEPLOYMENT_PROFILE"] = "production"
    try:
        return load_settings()
    finally:
        if previous is None:
            del os.environ["DEPLOYMENT_PROFILE"]
        else:
            os.environ["DEPLOYMENT_PROFILE"] = previous


if __name__ == "__main__":
    sys.exit(main())
