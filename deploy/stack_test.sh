#!/usr/bin/env bash
# `make stack-test`: the stack starts, pages come from Varnish, a publish purges, a backup
# is restored into a new database and new buckets and verified, the stack stops.
set -euo pipefail
cd "$(dirname "$0")/.."
URL="http://127.0.0.1:${KALEM_STACK_PORT:-8080}"
PASSED=0
FAILED=0
check() {
    # check NAME COMMAND...: one line per check, and the count at the end.
    local name="$1"
    shift
    if "$@"; then PASSED=$((PASSED + 1)); echo "ok   $name"; else FAILED=$((FAILED + 1)); echo "FAIL $name"; fi
}
x_cache() { curl -s -o /dev/null -D - "$@" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-cache"{print $2}'; }
header() { curl -s -o /dev/null -D - "${@:2}" | tr -d '\r' | awk -F': ' -v h="$1" 'tolower($1)==h{print $2}'; }
stack_env() { env $(bash deploy/stack.sh env | xargs) "$@"; }

trap 'bash deploy/stack.sh stop >/dev/null' EXIT
bash deploy/stack.sh start

x_cache "$URL/kurumsal/" >/dev/null
check "an anonymous page is served from Varnish the second time" test "$(x_cache "$URL/kurumsal/")" = HIT
x_cache "$URL/basin-aciklamalari/rss/" >/dev/null
check "a feed is served from Varnish" test "$(x_cache "$URL/basin-aciklamalari/rss/")" = HIT
x_cache -H "Cookie: sessionid=abc" "$URL/kurumsal/" >/dev/null
check "a request with a session never comes from the cache" test "$(x_cache -H "Cookie: sessionid=abc" "$URL/kurumsal/")" = MISS
check "the admin is never public" bash -c "! curl -s -o /dev/null -D - '$URL/admin/login/' | grep -qi '^cache-control:.*public'"
check "the xkey header does not leave Varnish" test -z "$(header xkey "$URL/kurumsal/")"
purge_refused() {
    # Varnish takes PURGE from 127.0.0.1, which nginx is to it: nginx must not pass one on.
    test "$(curl -s -o /dev/null -w '%{http_code}' -X PURGE -H 'xkey-purge: all' "$URL/kurumsal/")" = 405 &&
        test "$(x_cache "$URL/kurumsal/")" = HIT
}
check "nobody purges through the edge (nginx refuses PURGE, the page is still a hit)" purge_refused
check "metrics are not reachable through the proxy" test "$(curl -s -o /dev/null -w '%{http_code}' "$URL/metrics")" = 404
check "a rendition comes from the public bucket" test "$(curl -s -o /dev/null -w '%{http_code}' "$(curl -s "$URL/kurumsal/" | grep -o 'http://[^"]*/media/[^"]*\.jpg' | head -1)")" = 200

TITLE="Kurumsal $(date +%s)"
# The first request, from the publishing process as soon as publish() returns: Varnish
# made the page anew before the purge, so it is a hit with the new title (a purged copy
# is served a second at most, and this shell takes longer to exit).
FIRST="$(stack_env .venv/bin/python manage.py shell --no-imports -c "
import urllib.request
from wagtail.models import Page
page = Page.objects.get(slug='kurumsal', locale__language_code='tr').specific
page.title = '$TITLE'
page.save_revision().publish()
with urllib.request.urlopen('$URL/kurumsal/') as answer:
    print(answer.headers['X-Cache'], '$TITLE' in answer.read().decode())")"
check "the published page was made anew before the purge (the first request after it is a hit with the new title)" test "$FIRST" = "HIT True"
visible() {
    for _ in $(seq 50); do curl -s "$URL/kurumsal/" | grep -q "$TITLE" && return 0; sleep 0.2; done
    return 1
}
check "a publish is visible through Varnish within 10 s (purged as the publish commits)" visible
check "the page carrying the new title is cached again" test "$(x_cache "$URL/kurumsal/")" = HIT

STAMP="$(date +%s)"
BACKUP=".stack/backups/$STAMP"
RESTORE_DB="kalem_stack_restore_$STAMP"
check "backup" stack_env .venv/bin/python manage.py backup "$BACKUP"
psql postgres://postgres@127.0.0.1:5432/postgres -qc "CREATE DATABASE $RESTORE_DB" >/dev/null
restore() {
    KALEM_S3_PUBLIC_BUCKET="restore-public-$STAMP" KALEM_S3_PRIVATE_BUCKET="restore-private-$STAMP" \
        bash -c 'env $(bash deploy/stack.sh env | xargs) .venv/bin/python - <<PY
import os, boto3
s3 = boto3.client("s3", endpoint_url=os.environ["KALEM_S3_ENDPOINT_URL"], region_name="us-east-1",
                  aws_access_key_id="kalem-stack", aws_secret_access_key="kalem-stack-secret")
for bucket in (os.environ["KALEM_S3_PUBLIC_BUCKET"], os.environ["KALEM_S3_PRIVATE_BUCKET"]):
    s3.create_bucket(Bucket=bucket)
PY
env $(bash deploy/stack.sh env | xargs) .venv/bin/python manage.py restore '"$BACKUP"' \
    --database-url postgres://postgres@127.0.0.1:5432/'"$RESTORE_DB"' --verify'
}
check "restore into a new database and new buckets, counts and SHA-256 verified" restore
psql postgres://postgres@127.0.0.1:5432/postgres -qc "DROP DATABASE $RESTORE_DB WITH (FORCE)" >/dev/null
rm -rf "$BACKUP"

echo "stack-test: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
