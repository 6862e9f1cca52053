#!/usr/bin/env bash
# Database failover under load (issue 8 part 3): a PostgreSQL primary and a synchronous streaming replica on
# 127.0.0.1 (durable: fsync and synchronous commit on), then test/reliability/failover.ts — CaseLink writing through
# a TCP proxy that stands for the moving address (a virtual IP, DNS or a pooler); the primary is killed, the replica
# promoted and the proxy pointed at it while clients keep writing. Installs Debian's PostgreSQL when missing.
#   test/reliability/failover.sh            FAILOVER_SECONDS=20 by default
set -euo pipefail
cd "$(dirname "$0")/../.."
P1="${FAILOVER_PRIMARY_PORT:-54481}"
P2="${FAILOVER_REPLICA_PORT:-54482}"
PG_BIN=$(scripts/pg-bin.sh)
WORK=$(mktemp -d /tmp/caselink-failover.XXXXXX)
chmod 755 "$WORK"
RUN_AS=()
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$WORK"; RUN_AS=(runuser -u postgres --); fi
cleanup() {
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/primary" -m immediate stop >/dev/null 2>&1 || true
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/replica" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$WORK/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >>"$WORK/primary/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $P1
unix_socket_directories = '$WORK'
max_connections = 100
wal_level = replica
max_wal_senders = 4
synchronous_commit = on
synchronous_standby_names = 'FIRST 1 (replica1)'
CONF
echo "host replication postgres 127.0.0.1/32 trust" >>"$WORK/primary/pg_hba.conf"
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/primary" -l "$WORK/primary.log" -w start >/dev/null
"${RUN_AS[@]}" "$PG_BIN/pg_basebackup" -D "$WORK/replica" -R -X stream \
  -d "host=127.0.0.1 port=$P1 user=postgres application_name=replica1" >/dev/null
# the promoted standby has no standby of its own: it must not wait for one (or every commit after the failover
# would hang until a new standby is attached — an operator's step, docs/scaling.md)
cat >>"$WORK/replica/postgresql.conf" <<CONF
port = $P2
synchronous_standby_names = ''
CONF
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/replica" -l "$WORK/replica.log" -w start >/dev/null
# the standby must be the synchronous one before any write is acknowledged
for _ in $(seq 1 60); do
  state=$("$PG_BIN/psql" -h 127.0.0.1 -p "$P1" -U postgres -Atc "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'replica1'" postgres || true)
  [ "$state" = sync ] && break
  sleep 1
done
[ "$state" = sync ] || { echo "failover: the replica did not become synchronous" >&2; exit 1; }
echo "failover: primary 127.0.0.1:$P1, synchronous replica 127.0.0.1:$P2" >&2

export FAILOVER_PRIMARY_PORT="$P1" FAILOVER_REPLICA_PORT="$P2"
export FAILOVER_KILL_PRIMARY="${RUN_AS[*]} $PG_BIN/pg_ctl -D $WORK/primary -m immediate stop"
export FAILOVER_PROMOTE="${RUN_AS[*]} $PG_BIN/pg_ctl -D $WORK/replica -w promote"
npx tsx test/reliability/failover.ts
