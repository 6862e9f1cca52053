#!/usr/bin/env bash
# The case-flow benchmark (signed transfers end to end, issue 4) on both stores, each beside GET /api/health
# measured on the same server in the same run:
#   1. CaseLink on PGlite;
#   2. CaseLink on PostgreSQL (bench/with-bench-db.sh: a throw-away server with its durable defaults, PG_DURABLE=1,
#      and a fresh database caselink_bench that the server seeds).
# Arguments go to both runs; without any: --duration 10 --runs 3.
#   bench/run-transfer.sh [--duration 10] [--runs 3] [--connections 50] [--expect-rate 40]
set -euo pipefail
exec "$(dirname "$0")/on-both-stores.sh" run-transfer bench/transfer.bench.ts pglite postgres "$@"
