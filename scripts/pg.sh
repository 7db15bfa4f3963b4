#!/usr/bin/env bash
# Makes sure the project's own PostgreSQL runs: installs Debian's `postgresql` when missing,
# keeps the cluster in .pg/ of the repo (git-ignored), listens on 127.0.0.1:$TDMP_PG_PORT.
# Prints nothing on success but a line when it had to do something. Source-safe: only runs.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
port=${TDMP_PG_PORT:-54329}
pgdir="$root/.pg"

if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "Installing PostgreSQL from Debian's packages..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq postgresql >/dev/null
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

# initdb and postgres refuse to run as root: run them as the `postgres` account then.
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then exit 0; fi

if [ ! -f "$pgdir/data/PG_VERSION" ]; then
  echo "Creating a PostgreSQL cluster in $pgdir ..."
  mkdir -p "$pgdir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$pgdir"
  as_owner "$bin/initdb" -D "$pgdir/data" -U tdmp --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # A development and test cluster: durability traded for speed. Production uses its own server.
  cat >> "$pgdir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$pgdir'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
fi
as_owner "$bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 60 start >/dev/null
echo "PostgreSQL is running on 127.0.0.1:$port (cluster in $pgdir)."
