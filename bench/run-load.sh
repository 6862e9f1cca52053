#!/usr/bin/env bash
# The load test (issue 8 part 1, bench/load.bench.ts): a mixed workload from 200 clients against two API nodes on
# one PostgreSQL database holding a synthetic province (bench/synthetic/province.ts) and one shared data folder.
# Not in run-all.sh: it needs a loaded province (hours at 1,000,000 cases) and runs 10 minutes.
#   BENCH_DATABASE_URL=postgres://... bench/run-load.sh [--duration 600] [--clients 200] [--counties ...]
# The synthetic province's units carry signing keys sealed with the master key of the folder it was loaded with;
# the nodes open keys with the shared folder's master key, so the police units of the counties the transfers use
# get a new key first (`bin/caselink keys rotate`, which also creates the folder's master key when it has none;
# the old keys are kept, retired, for verifying old signatures).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BENCH_DATABASE_URL:?BENCH_DATABASE_URL must name the database of a synthetic province}"
DATA="${LOAD_DATA_DIR:-/tmp/caselink-load-shared}"
COUNTIES="990102,990103,990104,990202,990203,990204"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [[ "${args[$i]}" == "--counties" ]]; then COUNTIES="${args[$((i + 1))]}"; fi
done
mkdir -p "$DATA"
for region in ${COUNTIES//,/ }; do
  DATABASE_URL="$BENCH_DATABASE_URL" node bin/caselink --data "$DATA" keys rotate "police-$region"
done
exec npx tsx bench/load.bench.ts --url "$BENCH_DATABASE_URL" --data "$DATA" "$@"
