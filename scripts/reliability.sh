#!/usr/bin/env bash
# npm run test:reliability — issue 8's proofs, each rerunnable by itself (RELIABILITY.md says what each tries, how
# many times, and what was lost). LONG=1 runs the long lane (every repetition the issue asks for); without it, the
# counts that fit CI (.ci/run runs this script).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
part() { echo; echo "=== reliability: $1"; }
# each part appends itself here: part "<name>"; <command> || status=1
exit $status
