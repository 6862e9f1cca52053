#!/usr/bin/env bash
# The browser lane: installs Debian's chromium if missing, builds the web app, starts CaseLink with the demo
# province on a throw-away embedded database, and runs the Playwright journeys against it. Screenshots go
# to test-results/e2e/.
set -euo pipefail
cd "$(dirname "$0")/.."

# Chinese text in screenshots needs a CJK font
if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
  echo "e2e: installing chromium and fonts-noto-cjk (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}"

node scripts/build-web.mjs --if-stale

DATA=$(mktemp -d /tmp/caselink-e2e.XXXXXX)
PORT="${E2E_PORT:-8097}"
LOG="$DATA/server.log"
# the province without its demo cases: loading those takes minutes, and the journeys make their own
env -u DATABASE_URL LOG_LEVEL=warn PORT="$PORT" HOST=127.0.0.1 node bin/caselink --data "$DATA" serve --demo-if-empty --demo-cases 0 >"$LOG" 2>&1 &
SERVER=$!
cleanup() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT

for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$LOG" >&2; echo "e2e: the server did not start" >&2; exit 1; }
  sleep 1
done

export CASELINK_URL="http://127.0.0.1:$PORT"
status=0
for spec in e2e/*.e2e.ts; do
  echo "e2e: $spec"
  npx tsx "$spec" || status=1
done
exit $status
