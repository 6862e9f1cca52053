#!/usr/bin/env bash
# The HTTP benchmark of the foundation, on both stores, each run beside its own hello-world baseline:
#   1. CaseLink on PGlite + the bare Fastify hello-world;
#   2. CaseLink on PostgreSQL (bench/with-bench-db.sh: a throw-away server with its durable defaults, PG_DURABLE=1,
#      and a fresh database caselink_bench that the server seeds) + the hello-world.
# Arguments go to both runs; without any: --duration 10 --runs 3.
#   bench/run-http.sh [--duration 10] [--runs 3] [--connections 50]
set -euo pipefail
exec "$(dirname "$0")/on-both-stores.sh" run-http bench/http.bench.ts hello,pglite hello,postgres "$@"
