#!/usr/bin/env bash
# The warning-model benchmark (bench/warnings.bench.ts) on PGlite, then on PostgreSQL, over a synthetic province
# of CASES cases (default 1,000,000; seed SEED, default 20261122). Not part of bench/run-all.sh: loading a
# 1,000,000-case province takes hours on this machine (bench/RESULTS.md), so it is run by itself.
#   PGlite:      the province in WARNINGS_DATA (default ./data-bench-warnings-<CASES>), loaded the first time and
#                reused after (the bench adds hits, runs and a few case events to it).
#   PostgreSQL:  WARNINGS_URL if given (loaded if empty, reused otherwise); else a throw-away server
#                (bench/with-bench-db.sh on PG_PORT, default 54340) into which the province is loaded every time.
# Arguments go to each bench run (e.g. --runs 5 --sample 10000 --events 200).
#   CASES=10000 bench/run-warnings.sh --runs 3
set -euo pipefail
cd "$(dirname "$0")/.."

CASES="${CASES:-1000000}"
SEED="${SEED:-20261122}"
DATA="${WARNINGS_DATA:-data-bench-warnings-$CASES}"
status=0

echo "== run-warnings: PGlite ($DATA)" >&2
npx tsx bench/warnings.bench.ts --target pglite --data "$DATA" --cases "$CASES" --seed "$SEED" "$@" || status=$?

echo "== run-warnings: PostgreSQL" >&2
if [ -n "${WARNINGS_URL:-}" ]; then
  npx tsx bench/warnings.bench.ts --target postgres --url "$WARNINGS_URL" --cases "$CASES" --seed "$SEED" "$@" || status=$?
else
  PG_PORT="${PG_PORT:-54340}" bash bench/with-bench-db.sh bash -c \
    'npx tsx bench/warnings.bench.ts --target postgres --url "$BENCH_DATABASE_URL" "$@"' \
    run-warnings --cases "$CASES" --seed "$SEED" "$@" || status=$?
fi
exit "$status"
