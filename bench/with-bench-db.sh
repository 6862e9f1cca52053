#!/usr/bin/env bash
# Runs a command with BENCH_DATABASE_URL naming a fresh database caselink_bench on a throw-away PostgreSQL
# server with its durable defaults (scripts/with-postgres.sh with PG_DURABLE=1: fsync and synchronous commit
# on), on PG_PORT (default 54339, not the tests' port, so that a test run elsewhere does not collide with it).
#   bench/with-bench-db.sh npx tsx bench/transfer.bench.ts --targets postgres
set -euo pipefail
cd "$(dirname "$0")/.."

export PG_PORT="${PG_PORT:-54339}"
PG_DURABLE=1 exec scripts/with-postgres.sh bash -c '
  set -euo pipefail
  node -e "
    const pg = require(\"pg\");
    const client = new pg.Client(process.env.TEST_DATABASE_URL);
    client.connect().then(() => client.query(\"CREATE DATABASE caselink_bench\")).finally(() => client.end());
  "
  BENCH_DATABASE_URL="${TEST_DATABASE_URL%/*}/caselink_bench" exec "$@"
' with-bench-db "$@"
