#!/usr/bin/env bash
# Every benchmark, one after the other, each beside its own baseline in the same run:
#   1. the statutory clock (bench/clock.bench.ts: the engine beside a naive day-by-day loop);
#   2. HTTP (bench/run-http.sh: CaseLink on PGlite and on PostgreSQL beside a Fastify hello-world);
#   3. the national algorithms (bench/crypto.bench.ts: SM3 beside `openssl dgst -sm3`, SM2 signs and verifies);
#   4. the case flow (bench/run-transfer.sh: signed transfers end to end on PGlite and on PostgreSQL beside
#      GET /api/health on the same server).
#   5. the citizens' progress page (bench/public-lookup.bench.ts: 200 concurrent lookups on PGlite beside
#      GET /api/health on the same server).
# Takes no arguments; run a benchmark by itself to change its settings. Fails if any of them failed.
#   bench/run-all.sh
set -euo pipefail
cd "$(dirname "$0")/.."

status=0
echo "== run-all: statutory clock" >&2
npx tsx bench/clock.bench.ts || status=$?

echo "== run-all: HTTP" >&2
bash bench/run-http.sh || status=$?

echo "== run-all: SM3 and SM2" >&2
npx tsx bench/crypto.bench.ts || status=$?

echo "== run-all: signed transfers end to end" >&2
bash bench/run-transfer.sh || status=$?

echo "== run-all: citizens' progress lookups" >&2
npx tsx bench/public-lookup.bench.ts || status=$?

exit "$status"
