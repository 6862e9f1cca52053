#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL server on 127.0.0.1, installing Debian's server if it is missing.
# The command finds the server in TEST_DATABASE_URL (superuser, database "postgres"); the server and its data
# are removed afterwards, whatever the command's outcome.
#   scripts/with-postgres.sh npm run test:int
set -euo pipefail

PG_PORT="${PG_PORT:-54329}"
PG_BIN=$("$(dirname "$0")/pg-bin.sh")
"$PG_BIN/postgres" --version >&2

WORK=$(mktemp -d /tmp/caselink-pg.XXXXXX)
chmod 755 "$WORK"
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$WORK"
  RUN_AS=(runuser -u postgres --)
fi
cleanup() {
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$WORK/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Tests trade durability for speed; benchmarks (PG_DURABLE=1) keep the server's durable defaults.
FAST="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[ "${PG_DURABLE:-0}" = 1 ] && FAST=""
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $WORK -c max_connections=200 $FAST" \
  start >/dev/null

export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
echo "with-postgres: PostgreSQL on 127.0.0.1:$PG_PORT" >&2
"$@"
