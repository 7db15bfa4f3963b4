#!/usr/bin/env bash
# Command 1: starts TDMP on http://localhost:8010 with its own PostgreSQL.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
port=${TDMP_PG_PORT:-54329}
"$root/scripts/pg.sh"
psql_() { psql -h 127.0.0.1 -p "$port" -U tdmp -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_ -c "SELECT 1 FROM pg_database WHERE datname = 'tdmp'")" != 1 ]; then
  psql_ -c "CREATE DATABASE tdmp"
fi
export ConnectionStrings__Tdmp=${ConnectionStrings__Tdmp:-"Host=127.0.0.1;Port=$port;Username=tdmp;Database=tdmp"}
export Storage__Root=${Storage__Root:-"$root/data"}
export TDMP_ADMIN_PASSWORD_FILE=${TDMP_ADMIN_PASSWORD_FILE:-"$root/.tdmp-admin-password"}
dotnet build src/Tdmp.Api -c Release -v q -nologo
exec dotnet run --project src/Tdmp.Api -c Release --no-build --no-launch-profile -- --urls "${TDMP_URLS:-http://localhost:8010}" "$@"
