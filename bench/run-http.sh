#!/usr/bin/env bash
# The HTTP benchmark of the foundation, on both stores, each run beside its own hello-world baseline:
#   1. CaseLink on PGlite + the bare Fastify hello-world;
#   2. CaseLink on PostgreSQL (a throw-away server with its durable defaults, PG_DURABLE=1, and a fresh
#      database caselink_bench that the server seeds) + the hello-world.
# Arguments go to both runs; without any: --duration 10 --runs 3.
#   bench/run-http.sh [--duration 10] [--runs 3] [--connections 50]
set -euo pipefail
cd "$(dirname "$0")/.."

ARGS=("$@")
[ ${#ARGS[@]} -eq 0 ] && ARGS=(--duration 10 --runs 3)
# Not the tests' port, so that a test run elsewhere on the machine does not collide with the bench.
export PG_PORT="${PG_PORT:-54339}"

status=0
echo "== run-http: CaseLink on PGlite beside the hello-world" >&2
env -u DATABASE_URL -u BENCH_DATABASE_URL npx tsx bench/http.bench.ts --targets hello,pglite "${ARGS[@]}" || status=$?

echo "== run-http: CaseLink on PostgreSQL beside the hello-world" >&2
PG_DURABLE=1 scripts/with-postgres.sh bash -c '
  set -euo pipefail
  node -e "
    const pg = require(\"pg\");
    const client = new pg.Client(process.env.TEST_DATABASE_URL);
    client.connect().then(() => client.query(\"CREATE DATABASE caselink_bench\")).finally(() => client.end());
  "
  BENCH_DATABASE_URL="${TEST_DATABASE_URL%/*}/caselink_bench" exec npx tsx bench/http.bench.ts --targets hello,postgres "$@"
' run-http "${ARGS[@]}" || status=$?

exit "$status"
