#!/usr/bin/env bash
# Prints the bin directory of Debian's newest PostgreSQL server, installing it (apt-get) when there is none.
# Used by scripts/with-postgres.sh and test/reliability/failover.sh:  PG_BIN=$(scripts/pg-bin.sh)
set -euo pipefail
find_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}
if ! find_bin; then
  echo "pg-bin: installing PostgreSQL (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq postgresql >/dev/null
  find_bin
fi
