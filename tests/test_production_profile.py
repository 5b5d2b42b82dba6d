"""The production profile's configuration: settings, processes, endpoints, nginx; the embedded default unchanged."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path
from unittest import mock

import pytest

from bot.config import ROOT, load_settings
from bot.deploy import FrontDoor, ensure_certificate, front_door, nginx_conf
from bot.run import (
    commands,
    endpoints_file,
    health_urls,
    production_env,
    selected,
    stack_env,
)


def settings(**env: str):
    base = {"DEPLOYMENT_PROFILE": "", "TRACKER_STORE_URL": "", "DATABASE_URL": "", "RASA_REPLICAS": "", "ACTION_REPLICAS": "",
            "WORKER_REPLICAS": "", "POSTGRES_PASSWORD": "", "RASA_PORT": "", "ACTION_PORT": "", "VAR_DIR": "/tmp/tms-var",
            "TRACKER_DB": "", "RASA_REPLICA_PORT_BASE": "", "ACTION_REPLICA_PORT_BASE": ""}
    with mock.patch.dict(os.environ, {**base, **env}):
        return load_settings(env_file=Path(os.devnull))


def test_embedded_is_the_default_and_unchanged() -> None:
    config = settings()
    assert config.deployment_profile == "embedded" and not config.production
    assert config.tracker_store_url == "sqlite:////tmp/tms-var/tracker.db"
    assert config.database_url == "sqlite:////tmp/tms-var/tms_assistant.db"
    assert list(commands(config, "t")) == ["actions", "rasa", "worker", "web"]
    assert endpoints_file(config) == ROOT / "endpoints.yml"
    assert set(health_urls(config)) == {"actions", "rasa", "web"}
    assert "TRACKER_DB_HOST" not in stack_env(config)


def test_rasa_and_the_action_server_listen_on_loopback_with_the_api_behind_a_token() -> None:
    """Security finding 1 and 5: no open API, no `--cors *`, nothing on 0.0.0.0 (the stack tests check the sockets)."""
    for profile in ({}, {"DEPLOYMENT_PROFILE": "production", "POSTGRES_PASSWORD": "p"}):
        config = settings(**profile)
        env = stack_env(config)
        assert len(env["RASA_API_TOKEN"]) >= 32 and env["SANIC_HOST"] == "127.0.0.1"
        assert len(env["ACTION_SERVER_TOKEN"]) >= 32 and env["ACTION_SERVER_TOKEN"] != env["RASA_API_TOKEN"]
        for name, command in commands(config, env["RASA_API_TOKEN"]).items():
            if name.startswith("rasa"):
                assert command[command.index("--interface") + 1] == "127.0.0.1"
                # one argument with "=": a generated token may start with "-" (argparse would read it as an option)
                assert f"--auth-token={env['RASA_API_TOKEN']}" in command
                assert "*" not in command
    assert stack_env(settings())["RASA_API_TOKEN"] != stack_env(settings())["RASA_API_TOKEN"]  # random when unset
    assert stack_env(settings(RASA_API_TOKEN="x" * 40))["RASA_API_TOKEN"] == "x" * 40


def test_tracker_store_url_follows_tracker_db_unless_set() -> None:
    import dataclasses

    config = settings(TRACKER_DB="/data/t.db")
    assert config.tracker_store_url == "sqlite:////data/t.db"
    assert dataclasses.replace(config, tracker_db="/x/y.db").tracker_store_url == "sqlite:////x/y.db"
    assert settings(TRACKER_STORE_URL="postgresql://a@h/db").tracker_store_url == "postgresql://a@h/db"


def test_production_defaults_and_processes() -> None:
    config = settings(DEPLOYMENT_PROFILE="production", POSTGRES_PASSWORD="p w", RASA_PORT="6005", ACTION_PORT="6055")
    assert (config.rasa_replicas, config.action_replicas, config.worker_replicas) == (2, 2, 2)
    assert config.database_url == config.tracker_store_url == "postgresql://tms:p%20w@127.0.0.1:5433/tms_assistant"
    assert "p%20w" not in repr(config)
    names = list(commands(config, "t"))
    assert names == ["actions-1", "actions-2", "rasa-1", "rasa-2", "worker-1", "worker-2", "web"]
    rasa = commands(config, "t")["rasa-2"]
    assert rasa[rasa.index("--port") + 1] == "6106" and "127.0.0.1" in rasa
    assert rasa[rasa.index("--endpoints") + 1] == str(ROOT / "endpoints.production.yml")
    assert commands(config, "t")["actions-1"][-1] == "6155"
    env = production_env(config)
    assert (env["TRACKER_DB_HOST"], env["TRACKER_DB_PORT"], env["TRACKER_DB_NAME"]) == ("127.0.0.1", "5433", "tms_assistant")
    assert env["TRACKER_DB_PASSWORD"] == "p w"
    assert selected("rasa-2", ("rasa",)) and selected("rasa-2", ("rasa-2",)) and not selected("rasa-1", ("rasa-2",))
    assert not selected("worker-1", ("web",)) and selected("web", ())


def test_production_needs_postgresql() -> None:
    config = settings(DEPLOYMENT_PROFILE="production", TRACKER_STORE_URL="sqlite:///x.db")
    with pytest.raises(ValueError):
        production_env(config)


def test_an_unknown_profile_is_refused() -> None:
    with pytest.raises(ValueError):
        settings(DEPLOYMENT_PROFILE="staging")


def test_endpoints_production_uses_postgresql_and_redis() -> None:
    import yaml

    endpoints = yaml.safe_load((ROOT / "endpoints.production.yml").read_text())
    assert endpoints["tracker_store"]["dialect"] == "postgresql"
    assert endpoints["lock_store"]["type"] == "bot.rasa_stores.RedisLockStore"
    from rasa.shared.utils.common import class_from_module_path

    store = class_from_module_path(endpoints["tracker_store"]["type"])
    from rasa.core.tracker_store import SQLTrackerStore

    assert issubclass(store, SQLTrackerStore)


def test_nginx_config(tmp_path) -> None:
    config = settings(DEPLOYMENT_PROFILE="production", POSTGRES_PASSWORD="x", RASA_REPLICAS="3", MESSAGE_LIMIT_EXEMPT="10.0.0.0/8")
    door = FrontDoor("0.0.0.0", 8080, 8443, tmp_path / "tls" / "c.crt", tmp_path / "tls" / "c.key")
    ensure_certificate(door, operator_supplied=False)
    assert stat.S_IMODE(door.certificate_key.stat().st_mode) == 0o600
    conf = nginx_conf(config, tmp_path, door)
    for port in (5105, 5106, 5107, 5155, 5156):
        assert f"server 127.0.0.1:{port} " in conf
    assert "hash $socketio_affinity consistent;" in conf and "access_log off;" in conf
    # the public side: HTTPS (HTTP only redirects); Rasa's API and the action servers on loopback only
    assert "listen 0.0.0.0:8080;" in conf and "return 308 https://$host:8443$request_uri;" in conf
    assert "listen 0.0.0.0:8443 ssl;" in conf and f"ssl_certificate {door.certificate};" in conf
    assert "listen 127.0.0.1:5005;" in conf and "listen 127.0.0.1:5055;" in conf
    assert "non_idempotent" not in conf  # a POST a replica received is never replayed on another
    assert "limit_req zone=messages burst=15 nodelay;" in conf and "rate=60r/m" in conf
    assert "limit_req zone=login burst=10 nodelay;" in conf and "10.0.0.0/8 1;" in conf
    assert "@{" not in conf
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        pytest.skip("nginx not installed (scripts/services.sh install)")
    (tmp_path / "logs").mkdir()
    (tmp_path / "tmp").mkdir()
    (tmp_path / "nginx.conf").write_text(conf)
    result = subprocess.run([nginx, "-t", "-q", "-p", f"{tmp_path}/", "-c", str(tmp_path / "nginx.conf")],
                            check=False, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def test_an_operator_certificate_is_used_as_is_and_half_a_pair_is_refused(tmp_path) -> None:
    with mock.patch.dict(os.environ, {"TLS_CERT_FILE": str(tmp_path / "clinic.crt"), "TLS_KEY_FILE": str(tmp_path / "clinic.key")}):
        door = front_door(tmp_path)
    assert door.certificate == tmp_path / "clinic.crt"
    with pytest.raises(FileNotFoundError):
        ensure_certificate(door, operator_supplied=True)  # never replaced by a self-signed one
    with mock.patch.dict(os.environ, {"TLS_CERT_FILE": "/x.crt", "TLS_KEY_FILE": ""}), pytest.raises(ValueError):
        front_door(tmp_path)
    with mock.patch.dict(os.environ, {"TLS_CERT_FILE": "", "TLS_KEY_FILE": ""}):
        assert front_door(tmp_path).certificate == tmp_path.resolve() / "tls" / "self-signed.crt"


def test_the_client_address_behind_the_front_door_cannot_be_chosen_by_the_client() -> None:
    """Message limits key on this address: nginx appends the address it saw to X-Forwarded-For."""
    from bot.rate_limit import client_address, parse_networks

    nginx = parse_networks("127.0.0.1")
    assert client_address("127.0.0.1", "1.2.3.4, 198.51.100.7", nginx) == "198.51.100.7"  # the left part is the client's own
    assert client_address("203.0.113.5", "198.51.100.7", nginx) == "203.0.113.5"  # not from the proxy: ignored
    assert client_address("127.0.0.1", "", nginx) == "127.0.0.1"
    assert client_address("127.0.0.1", "not-an-address", nginx) == "invalid"
