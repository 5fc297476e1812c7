#!/usr/bin/env bash
# Load test of the production server with wrk: home, an article, a person, a search, in turn, for DURATION
# seconds (60) at CONNECTIONS open connections (64). Fails when any request errs or is not a 2xx.
#
#   scripts/loadtest.sh                 # everything on loopback: a throwaway PostgreSQL (scripts/with-postgres),
#                                       # the demo plus PAGES generated pages (200), scripts/serve, then wrk
#   scripts/loadtest.sh http://host:port   # only wrk, against a server already running
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-$(nproc)}
PAGES=${PAGES:-200}
PORT=${PORT:-8765}
command -v wrk >/dev/null || { echo "loadtest: wrk not found (apt-get install wrk)" >&2; exit 1; }

run_wrk() {
  local base=$1 article person
  # one real article and one real person, from the pages a reader would follow
  article=$(curl -fsS "$base/" | grep -o 'href="/articles/[^"/]*/"' | sed -n 1p | cut -d'"' -f2)
  person=$(curl -fsS "$base/people/" | grep -o 'href="/people/[^"/]*/"' | sed -n 1p | cut -d'"' -f2)
  local search="/search/?q=%E9%AB%98%E6%96%B0%E5%8C%BA"  # 高新区
  [ -n "$article" ] && [ -n "$person" ] || { echo "loadtest: no article or person found at $base" >&2; exit 1; }
  for path in / "$article" "$person" "$search"; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$base$path")
    [ "$code" = 200 ] || { echo "loadtest: $path answers $code" >&2; exit 1; }
  done
  echo "wrk: ${DURATION}s, $CONNECTIONS connections, $THREADS threads: / $article $person $search"
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -s scripts/loadtest.lua \
        "$base" -- / "$article" "$person" "$search")
  echo "$out"
  result=$(echo "$out" | grep '^RESULT')
  if echo "$out" | grep -q 'Non-2xx' || ! echo "$result" | grep -q 'errors_connect=0 errors_read=0 errors_write=0 errors_status=0 errors_timeout=0'; then
    echo "loadtest: FAILED (errors above)" >&2
    exit 1
  fi
  echo "loadtest: OK, no errors"
}

if [ $# -ge 1 ] && [ "$1" != "--local" ]; then
  run_wrk "${1%/}"
  exit 0
fi

if [ "${1:-}" != "--local" ]; then
  exec scripts/with-postgres "$0" --local
fi

# --local: inside scripts/with-postgres (DATABASE_URL is set), production settings on plain HTTP loopback
export DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')}
export NEWSROOM_ADMIN_PASSWORD=${NEWSROOM_ADMIN_PASSWORD:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(16))')}
work=$(mktemp -d "${TMPDIR:-/tmp}/newsroom-load.XXXXXX")
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM

.venv/bin/python manage.py migrate --noinput --verbosity 0
.venv/bin/python manage.py load_demo >/dev/null
if [ "$PAGES" -gt 0 ]; then
  .venv/bin/python bench/generate_pages.py "$work/pages" --pages "$PAGES" --seed 1 >/dev/null
  .venv/bin/python manage.py import_page "$work/pages" --year 2023 --publish >/dev/null 2>&1
fi
BIND=127.0.0.1:$PORT ACCESS_LOG=/dev/null scripts/serve >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.2
done
run_wrk "http://127.0.0.1:$PORT" || { tail -50 "$work/server.log" >&2; exit 1; }
grep -E "Traceback|ERROR" "$work/server.log" >&2 && { echo "loadtest: errors in the server log" >&2; exit 1; }
exit 0
