#!/usr/bin/env bash
# Runs one HTTP benchmark on both stores, one after the other: CaseLink on PGlite, then on PostgreSQL
# (bench/with-bench-db.sh: a throw-away server with its durable defaults and a fresh database). What
# bench/run-http.sh and bench/run-transfer.sh do; fails if either run failed.
#   bench/on-both-stores.sh NAME BENCH.ts PGLITE-TARGETS POSTGRES-TARGETS [bench arguments]
# Without bench arguments: --duration 10 --runs 3.
set -euo pipefail
cd "$(dirname "$0")/.."

NAME="$1" BENCH="$2" PGLITE_TARGETS="$3" POSTGRES_TARGETS="$4"
shift 4
ARGS=("$@")
[ ${#ARGS[@]} -eq 0 ] && ARGS=(--duration 10 --runs 3)

status=0
echo "== $NAME: CaseLink on PGlite ($PGLITE_TARGETS)" >&2
env -u DATABASE_URL -u BENCH_DATABASE_URL npx tsx "$BENCH" --targets "$PGLITE_TARGETS" "${ARGS[@]}" || status=$?

echo "== $NAME: CaseLink on PostgreSQL ($POSTGRES_TARGETS)" >&2
bench/with-bench-db.sh npx tsx "$BENCH" --targets "$POSTGRES_TARGETS" "${ARGS[@]}" || status=$?

exit "$status"
