#!/usr/bin/env bash
# The whole production stack on this machine, on loopback, from the checkout:
#
#   nginx :8080 -> Varnish :6081 -> HAProxy :8090 -> gunicorn :8101 and :8102 (the publishing
#   lane, which only makes just-published pages anew: :8103)
#   PostgreSQL (the local server, database kalem_stack_run), Redis :6390 (its own),
#   the task worker, an S3 API server (moto) :9000 for media.
#
#   deploy/stack.sh start    install missing Debian packages, start everything, load the demo
#   deploy/stack.sh stop     stop exactly what start started (PID files in .stack/pids)
#   deploy/stack.sh env      print the environment the app processes run with
#
# Each piece is the one production runs on its own machine (the README says which goes
# where): only the addresses differ.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
STATE="${KALEM_STACK_DIR:-$ROOT/.stack}"
PIDS="$STATE/pids"
PY="$ROOT/.venv/bin/python"

NGINX_PORT="${KALEM_STACK_PORT:-8080}"
VARNISH_PORT=6081
VARNISH_ADMIN_PORT=6082
HAPROXY_PORT=8090
HAPROXY_STATS_PORT=8404
APP_PORTS=(8101 8102)
LANE_PORT=8103  # the publishing lane (deploy/haproxy.cfg, backend kalem_lane)
REDIS_PORT=6390
S3_PORT=9000
PG_URL_BASE="${KALEM_STACK_PG:-postgres://postgres@127.0.0.1:5432}"
DATABASE="${KALEM_STACK_DATABASE:-kalem_stack_run}"

log() { printf '== %s\n' "$*"; }

# One VAR=value per line and nothing else: callers pass it through xargs to env (a
# comment here, with its quotes, broke every caller). KALEM_API_RATE_LIMIT is off: the
# load test is one client address and the API's per-address limit would answer it 429.
stack_env() {
    local secret
    secret="$(cat "$STATE/secret_key")"
    cat <<EOF
DJANGO_SETTINGS_MODULE=cms.settings.production
SECRET_KEY=$secret
ALLOWED_HOSTS=127.0.0.1,localhost
SECURE_SSL_REDIRECT=0
WAGTAILADMIN_BASE_URL=http://127.0.0.1:$NGINX_PORT
DATABASE_URL=$PG_URL_BASE/$DATABASE
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
STATIC_ROOT=$STATE/static
MEDIA_ROOT=$STATE/media
PRIVATE_MEDIA_ROOT=$STATE/private_media
KALEM_S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
KALEM_S3_ACCESS_KEY_ID=kalem-stack
KALEM_S3_SECRET_ACCESS_KEY=kalem-stack-secret
KALEM_S3_PUBLIC_BUCKET=${KALEM_S3_PUBLIC_BUCKET:-kalem-public}
KALEM_S3_PRIVATE_BUCKET=${KALEM_S3_PRIVATE_BUCKET:-kalem-private}
KALEM_S3_PUBLIC_DOMAIN=127.0.0.1:$NGINX_PORT/media
KALEM_S3_URL_PROTOCOL=http:
KALEM_FRONTEND_CACHE_URLS=http://127.0.0.1:$VARNISH_PORT/
KALEM_API_RATE_LIMIT=off
KALEM_TRUSTED_PROXY_HOPS=3
TASKS_BACKEND=django_tasks_db.DatabaseBackend
EMAIL_URL=console://
LOG_LEVEL=WARNING
EOF
}

with_env() {
    # Run a command with the stack's environment.
    env $(stack_env | xargs) "$@"
}

install_packages() {
    local missing=()
    command -v varnishd >/dev/null || missing+=(varnish)
    [ -e /usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so ] || missing+=(varnish-modules)
    command -v haproxy >/dev/null || missing+=(haproxy)
    command -v nginx >/dev/null || missing+=(nginx-light)
    command -v redis-server >/dev/null || missing+=(redis-server)
    # The demo itself needs them (the Makefile's system-deps): ffmpeg makes the demo
    # video's copy and poster, poppler's pdftoppm a publication's cover. A fresh machine
    # has neither, and the demo load stopped there.
    command -v ffmpeg >/dev/null || missing+=(ffmpeg)
    command -v pdftoppm >/dev/null || missing+=(poppler-utils)
    if [ ${#missing[@]} -gt 0 ]; then
        log "Installing ${missing[*]}"
        # The packages' own services must not start on the default ports: only this script
        # starts them, on loopback. policy-rc.d tells Debian's scripts so during install.
        local policy=/usr/sbin/policy-rc.d restore=""
        if [ -e "$policy" ]; then restore="$(mktemp)"; cp -p "$policy" "$restore"; fi
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
        if [ -n "$restore" ]; then mv "$restore" "$policy"; else rm -f "$policy"; fi
    fi
}

port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_http() {
    # wait_http URL SECONDS: until the URL answers (any status), or fail.
    local url="$1" limit="$2" i
    for ((i = 0; i < limit * 5; i++)); do
        if curl -s -o /dev/null --max-time 2 "$url"; then return 0; fi
        sleep 0.2
    done
    echo "No answer from $url after ${limit}s" >&2
    return 1
}

wait_ok() {
    # wait_ok URL SECONDS: until the URL answers 200, or fail. HAProxy marks the app
    # servers up two checks after they answer (rise 2): until then the proxy says 503.
    local url="$1" limit="$2" i
    for ((i = 0; i < limit * 5; i++)); do
        if [ "$(curl -s -o /dev/null --max-time 5 -w '%{http_code}' "$url")" = 200 ]; then return 0; fi
        sleep 0.2
    done
    echo "No 200 from $url after ${limit}s" >&2
    return 1
}

start_bg() {
    # start_bg NAME COMMAND...: start in the background, PID file in .stack/pids.
    local name="$1"
    shift
    "$@" >"$STATE/logs/$name.log" 2>&1 &
    echo $! >"$PIDS/$name.pid"
}

start_app() {
    local number="$1" port="${APP_PORTS[$(($1 - 1))]}"
    # `env` execs gunicorn, so $! is the gunicorn master's PID.
    env $(stack_env | xargs) "$ROOT/.venv/bin/gunicorn" cms.wsgi:application --bind "127.0.0.1:$port" \
        --workers "${KALEM_STACK_WORKERS:-2}" --threads 4 --timeout 60 --graceful-timeout 5 \
        --chdir "$ROOT" >"$STATE/logs/app$number.log" 2>&1 &
    echo $! >"$PIDS/app$number.pid"
}

start_lane() {
    # One process, one thread: it only makes just-published pages anew.
    env $(stack_env | xargs) "$ROOT/.venv/bin/gunicorn" cms.wsgi:application \
        --bind "127.0.0.1:$LANE_PORT" --workers 1 --threads 1 --timeout 60 --graceful-timeout 5 \
        --chdir "$ROOT" >"$STATE/logs/lane.log" 2>&1 &
    echo $! >"$PIDS/lane.pid"
}

write_configs() {
    mkdir -p "$STATE/nginx/logs" "$STATE/nginx/tmp"
    sed -e "s|10.0.1.11:8000|127.0.0.1:${APP_PORTS[0]}|" \
        -e "s|10.0.1.12:8000|127.0.0.1:${APP_PORTS[1]}|" \
        -e "s|10.0.1.11:8001|127.0.0.1:$LANE_PORT|" \
        -e "/^    server lane2 /d" \
        -e "s|hdr Host www.ornekkoy.bel.tr|hdr Host 127.0.0.1|" \
        -e "s|maxconn 16\$|maxconn $((${KALEM_STACK_WORKERS:-2} * 4))|" \
        -e "s|bind 127.0.0.1:8090|bind 127.0.0.1:$HAPROXY_PORT|" \
        -e "s|bind 127.0.0.1:8404|bind 127.0.0.1:$HAPROXY_STATS_PORT|" \
        -e "s|^    log stdout.*|    log stdout format raw local0 warning|" \
        deploy/haproxy.cfg >"$STATE/haproxy.cfg"
    # nginx as in deploy/nginx.conf, without TLS (loopback) and with /media/ from the
    # public bucket of the S3 server.
    cat >"$STATE/nginx/nginx.conf" <<EOF
worker_processes 2;
pid $STATE/nginx/nginx.pid;
error_log $STATE/logs/nginx-error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path $STATE/nginx/tmp;
    proxy_temp_path $STATE/nginx/tmp;
    fastcgi_temp_path $STATE/nginx/tmp;
    uwsgi_temp_path $STATE/nginx/tmp;
    scgi_temp_path $STATE/nginx/tmp;
    upstream kalem_varnish { server 127.0.0.1:$VARNISH_PORT; keepalive 64; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        if (\$request_method !~ ^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\$) { return 405; }
        location /static/ {
            alias $STATE/static/;
            add_header Cache-Control "public, max-age=31536000, immutable";
        }
        location /media/ {
            proxy_pass http://127.0.0.1:$S3_PORT/\${KALEM_PUBLIC_BUCKET}/;
        }
        location = /metrics { return 404; }
        location = /readyz { return 404; }
        location / {
            proxy_pass http://kalem_varnish;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host:\$server_port;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Kalem-Refresh "";
        }
    }
}
EOF
    sed -i "s|\${KALEM_PUBLIC_BUCKET}|${KALEM_S3_PUBLIC_BUCKET:-kalem-public}|" "$STATE/nginx/nginx.conf"
}

start() {
    install_packages
    if [ -n "$(ls "$PIDS" 2>/dev/null)" ]; then
        echo "The stack is already running (PID files in $PIDS); run: make stack-stop" >&2
        exit 1
    fi
    for port in "$NGINX_PORT" $VARNISH_PORT $VARNISH_ADMIN_PORT $HAPROXY_PORT \
        $HAPROXY_STATS_PORT "${APP_PORTS[@]}" $LANE_PORT $REDIS_PORT $S3_PORT; do
        if ! port_free "$port"; then
            echo "Port $port on 127.0.0.1 is taken; stop what uses it first." >&2
            exit 1
        fi
    done
    mkdir -p "$PIDS" "$STATE/logs" "$STATE/media" "$STATE/private_media"
    [ -s "$STATE/secret_key" ] || "$PY" -c "import secrets; print(secrets.token_urlsafe(50))" >"$STATE/secret_key"
    write_configs

    log "Redis on :$REDIS_PORT, S3 (moto) on :$S3_PORT"
    start_bg redis redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no
    start_bg s3 "$ROOT/.venv/bin/moto_server" -H 127.0.0.1 -p "$S3_PORT"
    wait_http "http://127.0.0.1:$S3_PORT/" 30
    with_env "$PY" - <<'EOF'
import json, os
import boto3
s3 = boto3.client("s3", endpoint_url=os.environ["KALEM_S3_ENDPOINT_URL"], region_name="us-east-1",
                  aws_access_key_id=os.environ["KALEM_S3_ACCESS_KEY_ID"],
                  aws_secret_access_key=os.environ["KALEM_S3_SECRET_ACCESS_KEY"])
public, private = os.environ["KALEM_S3_PUBLIC_BUCKET"], os.environ["KALEM_S3_PRIVATE_BUCKET"]
for bucket in (public, private):
    s3.create_bucket(Bucket=bucket)
statement = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
             "Resource": f"arn:aws:s3:::{public}/*"}
s3.put_bucket_policy(Bucket=public, Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
EOF

    # A new database each time: the S3 server keeps its objects in memory only, so the
    # demo's records and files are made together.
    log "PostgreSQL database $DATABASE on the local server (made anew)"
    psql "$PG_URL_BASE/postgres" -qc "DROP DATABASE IF EXISTS \"$DATABASE\" WITH (FORCE)" >/dev/null
    psql "$PG_URL_BASE/postgres" -qc "CREATE DATABASE \"$DATABASE\"" >/dev/null
    log "Migrations, static files, demo content"
    with_env "$PY" manage.py compilemessages --ignore=.venv -v0
    with_env "$PY" manage.py migrate --noinput -v0
    if [ ! -s "$STATE/static/staticfiles.json" ]; then
        with_env "$PY" manage.py collectstatic --noinput -v0
    fi
    with_env "$PY" manage.py setup_roles >/dev/null
    # Varnish starts after the demo and holds nothing yet: the demo's hundreds of saves
    # queue no purges (else the worker spends its first minutes on them, and the first
    # real publish waits behind them).
    # Its search-index and reference-index updates run as it goes, not queued for the
    # worker to drain before anything else.
    with_env KALEM_FRONTEND_CACHE_URLS= TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend \
        "$PY" manage.py load_demo >"$STATE/logs/demo.log"

    log "Two app servers on :${APP_PORTS[0]} and :${APP_PORTS[1]}, the publishing lane on :$LANE_PORT, the worker"
    start_app 1
    start_app 2
    start_lane
    start_bg worker env $(stack_env | xargs) "$PY" manage.py db_worker --no-reload --interval 1
    log "HAProxy :$HAPROXY_PORT, Varnish :$VARNISH_PORT, nginx :$NGINX_PORT"
    start_bg haproxy haproxy -db -f "$STATE/haproxy.cfg"
    start_bg varnish varnishd -F -a "127.0.0.1:$VARNISH_PORT" -T "127.0.0.1:$VARNISH_ADMIN_PORT" \
        -n "$STATE/varnish" -f "$ROOT/deploy/varnish.vcl" -s malloc,256m \
        -p default_grace=10 -p http_resp_hdr_len=16k -p http_resp_size=64k
    start_bg nginx nginx -e "$STATE/logs/nginx-error.log" -c "$STATE/nginx/nginx.conf" \
        -p "$STATE/nginx" -g "daemon off;"
    for port in "${APP_PORTS[@]}" $LANE_PORT; do wait_http "http://127.0.0.1:$port/healthz" 60; done
    # The lane's first page costs a second or more (imports, templates): made now, not
    # for the first publish.
    curl -s -o /dev/null -H "Host: 127.0.0.1" "http://127.0.0.1:$LANE_PORT/"
    wait_http "http://127.0.0.1:$NGINX_PORT/healthz" 30
    wait_ok "http://127.0.0.1:$NGINX_PORT/" 60
    local status
    status="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NGINX_PORT/")"
    log "Kalem is running: http://127.0.0.1:$NGINX_PORT/ (home page: HTTP $status)"
    echo "   admin: http://127.0.0.1:$NGINX_PORT/admin/ (logins as printed by load_demo, e.g. admin / kalem-admin)"
    echo "   HAProxy stats: http://127.0.0.1:$HAPROXY_STATS_PORT/   logs: $STATE/logs/   stop: make stack-stop"
}

stop() {
    [ -d "$PIDS" ] || { echo "Nothing to stop."; return 0; }
    local pidfile pid name
    for pidfile in "$PIDS"/*.pid; do
        [ -e "$pidfile" ] || continue
        name="$(basename "$pidfile" .pid)"
        pid="$(cat "$pidfile")"
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
            if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
            echo "stopped $name ($pid)"
        fi
        rm -f "$pidfile"
    done
}

# One piece, for the fault runs of bench/stack.py: stop-piece app1 / start-piece app1.
start_piece() {
    case "$1" in
    app1) start_app 1 ;;
    app2) start_app 2 ;;
    lane) start_lane && wait_http "http://127.0.0.1:$LANE_PORT/healthz" 60 &&
        curl -s -o /dev/null -H "Host: 127.0.0.1" "http://127.0.0.1:$LANE_PORT/" ;;
    redis) start_bg redis redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no ;;
    worker) start_bg worker env $(stack_env | xargs) "$PY" manage.py db_worker --no-reload --interval 1 ;;
    # After a change to deploy/haproxy.cfg: stop-piece haproxy, then this.
    haproxy) write_configs && start_bg haproxy haproxy -db -f "$STATE/haproxy.cfg" ;;
    *) echo "unknown piece $1" >&2; exit 2 ;;
    esac
}

stop_piece() {
    local pidfile="$PIDS/$1.pid" pid
    [ -e "$pidfile" ] || return 0
    pid="$(cat "$pidfile")"
    kill -"${2:-TERM}" "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$pidfile"
}

case "${1:-start}" in
start) start ;;
stop) stop ;;
env) stack_env ;;
start-piece) start_piece "$2" ;;
stop-piece) stop_piece "$2" "${3:-TERM}" ;;
*) echo "usage: $0 start|stop|env|start-piece NAME|stop-piece NAME [SIGNAL]" >&2; exit 2 ;;
esac
