#!/usr/bin/env bash
# Kalem beside wagtail/bakerydemo (issue 20): serves Kalem's demo site the way the anchor
# serves bakerydemo (gunicorn, 2 sync workers, DEBUG off, PostgreSQL, Redis cache), then
# runs the anchor's interleaved `compare` and prints its table.
#
#   bench/anchor.sh prepare     # demo database ($KALEM_ANCHOR_DB), static files
#   bench/anchor.sh compare [PASSES]   # serve Kalem and bakerydemo, compare, stop both
#   bench/anchor.sh uncached [PASSES]  # the same with Kalem's cache off (DummyCache)
#   bench/anchor.sh cpu [REQUESTS]     # CPU per request of both sites, cache off (bench/cpu.py)
#
# The anchor itself: ../shared/tools/bakerydemo-anchor.sh (ANCHOR_TOOL), set up once with
#   bakerydemo-anchor.sh setup <bakerydemo git dir or URL>
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres), Redis, wrk, bc, ffmpeg (the demo's video).
set -euo pipefail
cd "$(dirname "$0")/.."
ANCHOR_TOOL=${ANCHOR_TOOL:-/work/shared/tools/bakerydemo-anchor.sh}
DB=${KALEM_ANCHOR_DB:-kalem_scale_demo}
PORT=${KALEM_ANCHOR_PORT:-8300}
WORK=${KALEM_ANCHOR_WORK:-${XDG_CACHE_HOME:-$HOME/.cache}/kalem-anchor/kalem-$DB}
export DJANGO_SETTINGS_MODULE=cms.settings.production
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/6}
export SECRET_KEY=${SECRET_KEY:-anchor-bench-$(hostname)-not-secret-0123456789abcdefghijklmnopqrstuvwxyz}
export ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0 LOG_LEVEL=ERROR KALEM_API_RATE_LIMIT=off
export MEDIA_ROOT="$WORK/media" PRIVATE_MEDIA_ROOT="$WORK/private" STATIC_ROOT="$WORK/static"
PY=.venv/bin/python

serve() {
  $PY -m gunicorn cms.wsgi -w 2 -k sync -b "127.0.0.1:$PORT" --pid "$WORK/gunicorn.pid" \
    --daemon --access-logfile /dev/null --error-logfile "$WORK/gunicorn.err"
  for _ in $(seq 1 60); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 1; done
  for p in / /basin-aciklamalari/ "/ara/?q=belediye"; do
    for _ in 1 2 3; do curl -s -o /dev/null "http://127.0.0.1:$PORT$p"; done
  done
}
stop() {
  [ -f "$WORK/gunicorn.pid" ] && kill "$(cat "$WORK/gunicorn.pid")" && rm -f "$WORK/gunicorn.pid"
  "$ANCHOR_TOOL" stop >/dev/null || true
}

case "${1:-}" in
prepare)
  mkdir -p "$WORK"
  psql "postgres://postgres@127.0.0.1:5432/postgres" -c "DROP DATABASE IF EXISTS $DB" >/dev/null
  psql "postgres://postgres@127.0.0.1:5432/postgres" -c "CREATE DATABASE $DB" >/dev/null
  for command in "migrate --noinput" setup_roles load_demo "collectstatic --noinput"; do
    # shellcheck disable=SC2086
    $PY manage.py $command >/dev/null
  done
  echo "Kalem demo ready in $DB ($WORK)"
  ;;
compare | uncached | cpu)
  if [ "$1" != compare ]; then
    # Kalem's settings with every cache off: what visitors get right after a publish.
    mkdir -p "$WORK/uncached"
    printf 'from cms.settings.production import *  # noqa: F403\nCACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}\n' \
      >"$WORK/uncached/kalem_uncached.py"
    export PYTHONPATH="$WORK/uncached${PYTHONPATH:+:$PYTHONPATH}" DJANGO_SETTINGS_MODULE=kalem_uncached
  fi
  if [ "$1" = cpu ]; then
    # No servers: both sites' views are called in-process (bench/cpu.py).
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    ANCHOR_DIR=${ANCHOR_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kalem-anchor} $PY bench/cpu.py compare --requests "${2:-20}"
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    exit 0
  fi
  trap stop EXIT
  serve
  "$ANCHOR_TOOL" serve
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$ANCHOR_TOOL" compare "http://127.0.0.1:$PORT" "${2:-5}"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  ;;
*) sed -n '2,13p' "$0"; exit 2 ;;
esac
