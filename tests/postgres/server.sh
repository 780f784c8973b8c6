#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the tests of src/postgres/ (and, later,
# the end-to-end suite): data directory, Unix socket and log in a new directory
# under /tmp (named in DIR/serverdir), no TCP. Not in DIR itself: the server's
# user must reach its directory, and DIR may be under a home closed to others
# (a clone in /root), or too deep for a socket's path (107 bytes at most).
#   server.sh start DIR   initialises and starts it; writes DIR/url, an admin URL
#   server.sh stop DIR    stops it (immediate mode) and removes DIR and its directory
# Prints nothing but errors. COMPLAINTS_PG_DURABLE=1: fsync and the other
# durability settings as PostgreSQL ships them (tests/bench/postgres.sh). PostgreSQL refuses to run as root, so under root
# (as in CI) the server runs as the system user complaints-pg, created if missing.
# Authentication: trust for every local user except the role complaints_pw,
# which needs its password (scram-sha-256), so that a refused login can be tested.
set -euo pipefail

bin=/usr/lib/postgresql/15/bin
pw_role=complaints_pw
pw_secret=complaints-test-secret   # a throwaway server's test role; tests know it too
admin=postgres

usage() { echo "usage: server.sh start|stop DIR" >&2; exit 64; }
[ $# -eq 2 ] || usage
action=$1
dir=$2
case $dir in /*) ;; *) dir=$PWD/$dir ;; esac

# Runs a command as the server's user: complaints-pg under root, else ourselves.
as_server() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u complaints-pg -- "$@"; else "$@"; fi
}

stop() {
  if [ -f "$dir/serverdir" ]; then
    local server
    server=$(cat "$dir/serverdir")
    if [ -f "$server/data/postmaster.pid" ]; then
      as_server "$bin/pg_ctl" -D "$server/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    case $server in /tmp/complaints-pg.*) rm -rf -- "$server" ;; esac
  fi
  rm -rf -- "$dir"
}

# Percent-encodes $1 for a URL's query value.
urlencode() {
  local s=$1 out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in [A-Za-z0-9._~-]) out+=$c ;; *) out+=$(printf '%%%02X' "'$c") ;; esac
  done
  printf '%s' "$out"
}

start() {
  [ -x "$bin/initdb" ] || { echo "server.sh: no $bin/initdb (Debian package postgresql-15)" >&2; exit 69; }
  stop   # a server left over by an interrupted run
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ] && ! id complaints-pg >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin complaints-pg
  fi
  local server
  server=$(mktemp -d /tmp/complaints-pg.XXXXXX)
  echo "$server" >"$dir/serverdir"
  [ "$(id -u)" -ne 0 ] || chown complaints-pg: "$server"
  chmod 755 "$server"
  local sockdir=$server
  as_server "$bin/initdb" -D "$server/data" -U "$admin" --auth=trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 70; }
  as_server tee "$server/data/pg_hba.conf" >/dev/null <<HBA
# TYPE  DATABASE  USER          METHOD
local   all       $pw_role  scram-sha-256
local   all       all           trust
HBA
  # fsync off: the data is thrown away (COMPLAINTS_PG_DURABLE=1 keeps
  # PostgreSQL's defaults, for benchmarks). max_connections: tests run in
  # parallel, each with a few sessions.
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${COMPLAINTS_PG_DURABLE:-0}" = 1 ] && durability=""
  as_server "$bin/pg_ctl" -D "$server/data" -l "$server/data/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$sockdir' $durability \
        -c max_connections=100" \
    start >/dev/null 2>&1 || { cat "$server/data/server.log" >&2 2>/dev/null; exit 70; }
  local url="postgresql:///postgres?host=$(urlencode "$sockdir")&user=$admin"
  "$bin/psql" -X -q -v ON_ERROR_STOP=1 "$url" \
    -c "CREATE ROLE $pw_role LOGIN PASSWORD '$pw_secret'" >/dev/null
  echo "$url" >"$dir/url"
}

case $action in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
