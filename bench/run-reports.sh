#!/usr/bin/env bash
# The reports benchmark (bench/reports.bench.ts) on PGlite, then on PostgreSQL, over a synthetic province of CASES
# cases (default 1,000,000; seed SEED, default 20261122): every standard report for a province-year beside a plain
# GROUP BY of its main figure. Not part of bench/run-all.sh: loading a 1,000,000-case province takes hours on this
# machine (bench/RESULTS.md), so it is run by itself.
#   PGlite:      the province in REPORTS_DATA (default: the warnings bench's ./data-bench-warnings-<CASES> when it
#                exists, else ./data-bench-reports-<CASES>), loaded the first time and reused after (read only).
#   PostgreSQL:  REPORTS_URL if given (loaded if empty, reused otherwise); else a throw-away server
#                (bench/with-bench-db.sh on PG_PORT, default 54341) into which the province is loaded every time.
# Arguments go to each bench run (e.g. --runs 5 --period 2026).
#   CASES=5000 bench/run-reports.sh --runs 3
set -euo pipefail
cd "$(dirname "$0")/.."

CASES="${CASES:-1000000}"
SEED="${SEED:-20261122}"
if [ -z "${REPORTS_DATA:-}" ] && [ -d "data-bench-warnings-$CASES/pglite" ]; then REPORTS_DATA="data-bench-warnings-$CASES"; fi
DATA="${REPORTS_DATA:-data-bench-reports-$CASES}"
status=0

echo "== run-reports: PGlite ($DATA)" >&2
npx tsx bench/reports.bench.ts --target pglite --data "$DATA" --cases "$CASES" --seed "$SEED" "$@" || status=$?

if [ "${SKIP_POSTGRES:-}" = "1" ]; then exit "$status"; fi
echo "== run-reports: PostgreSQL" >&2
if [ -n "${REPORTS_URL:-}" ]; then
  npx tsx bench/reports.bench.ts --target postgres --url "$REPORTS_URL" --cases "$CASES" --seed "$SEED" "$@" || status=$?
else
  PG_PORT="${PG_PORT:-54341}" bash bench/with-bench-db.sh bash -c \
    'npx tsx bench/reports.bench.ts --target postgres --url "$BENCH_DATABASE_URL" "$@"' \
    run-reports --cases "$CASES" --seed "$SEED" "$@" || status=$?
fi
exit "$status"
