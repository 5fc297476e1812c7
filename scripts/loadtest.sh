#!/usr/bin/env bash
# Load test of the production server with wrk. Fails when any request errs or is not a 2xx.
#
#   scripts/loadtest.sh                    # the harness (bench/loadtest.py) on a throwaway PostgreSQL
#                                          # (scripts/with-postgres): corpora of SIZES articles ("10000 100000"),
#                                          # gunicorn with 2 sync workers, caches on then off, wrk 1 thread × 16
#                                          # connections for DURATION seconds (20) on each of PAGES (all) beside
#                                          # the trivial view; the table also in bench/out/loadtest.{md,json}
#   SIZES=1000 DURATION=2 scripts/loadtest.sh   # a smoke run
#   scripts/loadtest.sh http://host:port   # only wrk, against a server already running: home, an article, a
#                                          # person, a search in turn, DURATION (60) s at CONNECTIONS (64)
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${CPU:-0}" != 0 ] || command -v wrk >/dev/null || { echo "loadtest: wrk not found (apt-get install wrk)" >&2; exit 1; }

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

if [ $# -ge 1 ]; then
  DURATION=${DURATION:-60}
  CONNECTIONS=${CONNECTIONS:-64}
  THREADS=${THREADS:-$(nproc)}
  run_wrk "${1%/}"
  exit 0
fi

exec scripts/with-postgres "${BIN:-.venv/bin}/python" bench/loadtest.py
