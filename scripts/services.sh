#!/usr/bin/env bash
# Local services of the production profile (docs/production.md): PostgreSQL, Redis and nginx, all on
# loopback, all data and config under $SERVICES_DIR (default var/services), no root-owned system dirs.
#
#   scripts/services.sh install        apt-get install postgresql redis-server nginx (only what is missing)
#   scripts/services.sh start          init (first time) and start all three; idempotent
#   scripts/services.sh stop           stop all three; idempotent
#   scripts/services.sh status         one line per service; exit 1 if one is down
#   scripts/services.sh install start  several commands in order
#
# Settings come from the environment and .env, with the bot's defaults (python -m bot.deploy env):
# SERVICES_DIR, POSTGRES_HOST/PORT/USER/PASSWORD/DB, REDIS_PORT/REDIS_PASSWORD, RASA_PORT, ACTION_PORT,
# RASA_REPLICAS, ACTION_REPLICAS, *_REPLICA_PORT_BASE, NGINX_LISTEN, NGINX_HTTP_PORT/NGINX_HTTPS_PORT and
# TLS_CERT_FILE/TLS_KEY_FILE (without them nginx-conf makes a self-signed certificate under VAR_DIR/tls,
# key 0600). Secrets are never written to disk by this script except as PostgreSQL's own scram hash and
# Redis's requirepass in its 0600 config.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PYTHON:-$ROOT/.venv/bin/python}

log() { echo "services: $*"; }
die() { echo "services: $*" >&2; exit 1; }

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}
nginx_bin() { command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; }; }
redis_bin() { command -v redis-server 2>/dev/null || { [ -x /usr/bin/redis-server ] && echo /usr/bin/redis-server; }; }

load_settings() {
    [ -x "$PY" ] || die "no Python at $PY (run make setup first, or set PYTHON)"
    local assignments
    assignments=$("$PY" -m bot.deploy env) || die "could not read settings"
    eval "$assignments"
    PG_DIR=$SERVICES_DIR/pg
    PGDATA=$PG_DIR/data
    PG_SOCKET=$PG_DIR/run
    REDIS_DIR=$SERVICES_DIR/redis
    NGINX_DIR=$SERVICES_DIR/nginx
}

cmd_install() {
    local missing=()
    pg_bin >/dev/null || missing+=(postgresql)
    redis_bin >/dev/null || missing+=(redis-server)
    nginx_bin >/dev/null || missing+=(nginx)
    if [ ${#missing[@]} -eq 0 ]; then
        log "postgresql, redis-server and nginx are installed"
        return
    fi
    [ "$(id -u)" -eq 0 ] || die "installing ${missing[*]} needs root"
    export DEBIAN_FRONTEND=noninteractive
    log "installing ${missing[*]}"
    # apt-get update only when the package lists are missing or too old to have these packages.
    if ! apt-get install -y -q "${missing[@]}"; then
        apt-get update -q
        apt-get install -y -q "${missing[@]}"
    fi
    # Debian starts its own instances where an init system runs; ours are separate (own ports, own dirs).
}

pg_running() { [ -f "$PGDATA/postmaster.pid" ] && runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; }

start_postgres() {
    local bin
    bin=$(pg_bin) || die "PostgreSQL is not installed (scripts/services.sh install)"
    [ -n "$POSTGRES_PASSWORD" ] || die "POSTGRES_PASSWORD is empty: set it in the environment or .env"
    id postgres >/dev/null 2>&1 || die "no 'postgres' OS user (the postgresql package creates it)"
    mkdir -p "$PG_DIR"
    chmod 755 "$SERVICES_DIR" "$PG_DIR"
    install -d -o postgres -g postgres -m 700 "$PG_SOCKET" "$PG_DIR/log"
    if [ ! -f "$PGDATA/PG_VERSION" ]; then
        log "initialising a PostgreSQL cluster in $PGDATA"
        install -d -o postgres -g postgres -m 700 "$PGDATA"
        # root cannot run postgres: the cluster belongs to the postgres OS user.
        runuser -u postgres -- "$bin/initdb" -D "$PGDATA" -U postgres --auth-local=peer --auth-host=scram-sha-256 \
            --encoding=UTF8 --locale=C.UTF-8 >"$PG_DIR/log/initdb.log" 2>&1 || { cat "$PG_DIR/log/initdb.log" >&2; die "initdb failed"; }
    fi
    if pg_running; then
        log "PostgreSQL already running on port $POSTGRES_PORT"
    else
        log "starting PostgreSQL on $POSTGRES_HOST:$POSTGRES_PORT"
        runuser -u postgres -- "$bin/pg_ctl" -D "$PGDATA" -l "$PG_DIR/log/postgres.log" -w -t 60 \
            -o "-c listen_addresses=$POSTGRES_HOST -p $POSTGRES_PORT -c unix_socket_directories=$PG_SOCKET -c max_connections=200" start >/dev/null \
            || { tail -n 20 "$PG_DIR/log/postgres.log" >&2; die "PostgreSQL did not start"; }
    fi
    # The role and database from POSTGRES_*; the password is read by psql from the environment (never argv).
    runuser -u postgres -- env POSTGRES_PASSWORD="$POSTGRES_PASSWORD" "$bin/psql" -X -q -v ON_ERROR_STOP=1 \
        -h "$PG_SOCKET" -p "$POSTGRES_PORT" -d postgres -v role="$POSTGRES_USER" -v db="$POSTGRES_DB" <<'SQL' >/dev/null
\getenv pw POSTGRES_PASSWORD
SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'role', :'pw') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
}

stop_postgres() {
    local bin
    bin=$(pg_bin) || return 0
    if [ -f "$PGDATA/PG_VERSION" ] && pg_running; then
        log "stopping PostgreSQL"
        runuser -u postgres -- "$bin/pg_ctl" -D "$PGDATA" -m fast -w -t 60 stop >/dev/null
    fi
}

redis_pid() { [ -f "$REDIS_DIR/redis.pid" ] && kill -0 "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null && cat "$REDIS_DIR/redis.pid"; }

start_redis() {
    local bin
    bin=$(redis_bin) || die "redis-server is not installed (scripts/services.sh install)"
    mkdir -p "$REDIS_DIR"
    if redis_pid >/dev/null; then
        log "Redis already running on port $REDIS_PORT"
        return
    fi
    # Locks only: nothing to persist. requirepass only when REDIS_PASSWORD is set.
    (
        umask 077
        cat >"$REDIS_DIR/redis.conf" <<EOF
bind $REDIS_HOST
port $REDIS_PORT
protected-mode yes
daemonize yes
pidfile $REDIS_DIR/redis.pid
logfile $REDIS_DIR/redis.log
dir $REDIS_DIR
save ""
appendonly no
EOF
        [ -z "$REDIS_PASSWORD" ] || echo "requirepass \"$REDIS_PASSWORD\"" >>"$REDIS_DIR/redis.conf"
    )
    log "starting Redis on $REDIS_HOST:$REDIS_PORT"
    "$bin" "$REDIS_DIR/redis.conf"
    for _ in $(seq 50); do redis_pid >/dev/null && return; sleep 0.1; done
    die "Redis did not start (see $REDIS_DIR/redis.log)"
}

stop_redis() {
    local pid
    if pid=$(redis_pid); then
        log "stopping Redis"
        kill "$pid"
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    fi
}

nginx_pid() { [ -f "$NGINX_DIR/nginx.pid" ] && kill -0 "$(cat "$NGINX_DIR/nginx.pid")" 2>/dev/null && cat "$NGINX_DIR/nginx.pid"; }

start_nginx() {
    local bin
    bin=$(nginx_bin) || die "nginx is not installed (scripts/services.sh install)"
    mkdir -p "$NGINX_DIR"/{logs,tmp}
    "$PY" -m bot.deploy nginx-conf --prefix "$NGINX_DIR" >"$NGINX_DIR/nginx.conf.new"
    "$bin" -t -q -p "$NGINX_DIR/" -c "$NGINX_DIR/nginx.conf.new" 2>"$NGINX_DIR/logs/test.log" \
        || { cat "$NGINX_DIR/logs/test.log" >&2; die "generated nginx config is invalid"; }
    mv "$NGINX_DIR/nginx.conf.new" "$NGINX_DIR/nginx.conf"
    if nginx_pid >/dev/null; then
        log "reloading nginx (https :$NGINX_HTTPS_PORT, http :$NGINX_HTTP_PORT on $NGINX_LISTEN; loopback Rasa :$RASA_PORT, actions :$ACTION_PORT)"
        "$bin" -p "$NGINX_DIR/" -c "$NGINX_DIR/nginx.conf" -s reload 2>>"$NGINX_DIR/logs/signal.log"
    else
        log "starting nginx (https :$NGINX_HTTPS_PORT, http :$NGINX_HTTP_PORT on $NGINX_LISTEN; loopback Rasa :$RASA_PORT, actions :$ACTION_PORT)"
        "$bin" -p "$NGINX_DIR/" -c "$NGINX_DIR/nginx.conf"
    fi
}

stop_nginx() {
    local pid bin
    if pid=$(nginx_pid); then
        log "stopping nginx"
        bin=$(nginx_bin)
        "$bin" -p "$NGINX_DIR/" -c "$NGINX_DIR/nginx.conf" -s quit || kill "$pid"
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    fi
}

cmd_status() {
    local down=0
    if [ -f "$PGDATA/PG_VERSION" ] && pg_bin >/dev/null && pg_running; then
        echo "postgresql: running on $POSTGRES_HOST:$POSTGRES_PORT ($PGDATA)"
    else
        echo "postgresql: stopped"; down=1
    fi
    if pid=$(redis_pid); then echo "redis: running on $REDIS_HOST:$REDIS_PORT (pid $pid)"; else echo "redis: stopped"; down=1; fi
    if pid=$(nginx_pid); then echo "nginx: running on https :$NGINX_HTTPS_PORT, http :$NGINX_HTTP_PORT, loopback :$RASA_PORT and :$ACTION_PORT (pid $pid)"; else echo "nginx: stopped"; down=1; fi
    return $down
}

[ $# -gt 0 ] || { sed -n '2,9p' "$0"; exit 2; }
for command in "$@"; do
    case "$command" in
        install) cmd_install ;;
        start) load_settings; start_postgres; start_redis; start_nginx ;;
        stop) load_settings; stop_nginx; stop_redis; stop_postgres ;;
        status) load_settings; cmd_status ;;
        *) die "unknown command '$command' (install, start, stop, status)" ;;
    esac
done
