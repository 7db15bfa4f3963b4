#!/usr/bin/env bash
# End-to-end API benchmark (issues 7, 14, 16): create → completed through HTTP, GET /datasets/{id} under wrk next to
# /health/live, and 500 CI jobs waiting with ?wait= on one dataset (connections used, latency of a plain GET meanwhile).
# Runs on a PostgreSQL cluster of its own with max_connections = 100 (PostgreSQL's default), started and removed here.
#   bench/api-bench.sh                  # this checkout (about 2 minutes)
#   COMPARE=main bench/api-bench.sh     # first the given git ref, then this checkout, in the same run
#   RECORDS_LARGE=200000 WAITERS=300 bench/api-bench.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
pg_port=${BENCH_PG_PORT:-55432}
api_port=${BENCH_PORT:-8099}
records_large=${RECORDS_LARGE:-1000000}
small_runs=${SMALL_RUNS:-20}
waiters=${WAITERS:-500}
compare=${COMPARE:-}
TDMP=http://127.0.0.1:$api_port

command -v wrk >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
command -v python3 >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >/dev/null; }
"$root/scripts/pg.sh" >/dev/null   # installs PostgreSQL when missing
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

work=$(mktemp -d)
[ "$(id -u)" = 0 ] && chown postgres "$work"
api=
cleanup() {
  [ -n "$api" ] && { kill "$api" 2>/dev/null || true; wait "$api" 2>/dev/null || true; }
  as_owner "$bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
as_owner "$bin/initdb" -D "$work/pg" -U tdmp --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >> "$work/pg/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$work'
max_connections = 100
fsync = off
synchronous_commit = off
CONF
as_owner "$bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w -t 60 start >/dev/null

# The builds to measure: the ref named in COMPARE (from git, built in a scratch copy), then this checkout.
builds=()
if [ -n "$compare" ]; then
  mkdir -p "$work/before"
  git archive "$compare" | tar -x -C "$work/before"
  dotnet build "$work/before/src/Tdmp.Api" -c Release -v q -nologo >/dev/null
  builds+=("$compare|$work/before/src/Tdmp.Api/bin/Release/net10.0/Tdmp.Api.dll")
fi
dotnet build src/Tdmp.Api -c Release -v q -nologo >/dev/null
builds+=("$(git rev-parse --abbrev-ref HEAD)|$root/src/Tdmp.Api/bin/Release/net10.0/Tdmp.Api.dll")

measure() {
  local label=$1 dll=$2 db="tdmp_bench_$(date +%s%N)" storage="$work/storage-$RANDOM"
  local conninfo="host=127.0.0.1 port=$pg_port user=tdmp dbname=$db"
  echo "== $label"
  psql -h 127.0.0.1 -p "$pg_port" -U tdmp -d postgres -qc "CREATE DATABASE $db"
  mkdir -p "$storage"
  ConnectionStrings__Tdmp="Host=127.0.0.1;Port=$pg_port;Username=tdmp;Database=$db" Storage__Root="$storage" \
    TDMP_ADMIN_USERNAME=bench TDMP_ADMIN_PASSWORD=bench-password-123 Logging__LogLevel__Default=Warning \
    dotnet "$dll" --urls "$TDMP" >"$work/api-$label.log" 2>&1 &
  api=$!
  until curl -sf "$TDMP/health/ready" >/dev/null; do sleep 0.2; done

  TOKEN=$(curl -sf -X POST "$TDMP/users/token" -d username=bench -d password=bench-password-123 | jq -r .access_token)
  AUTH="Authorization: Bearer $TOKEN"
  json() { curl -sf -X POST "$TDMP$1" -H "$AUTH" -H 'Content-Type: application/json' -d "$2"; }
  PROJECT=$(json /projects/create '{"name": "bench"}' | jq -r .project_id)
  SCHEMA=$(curl -sf -X POST "$TDMP/schemas" -H "$AUTH" -F name=order -F "file=@$root/tests/data/schemas/order.schema.json" | jq -r .schema_id)
  json "/projects/$PROJECT/add-schema" "{\"schema_id\": $SCHEMA}" >/dev/null

  # Milliseconds from POST /datasets/create to the answer of GET ?wait that reports it completed.
  create_to_completed() {
    local start end id status
    start=$(date +%s%N)
    id=$(json /datasets/create "{\"name\": \"b\", \"project_id\": $PROJECT, \"schema_id\": $SCHEMA, \"record_count\": $1, \"types\": [\"json\"]}" | jq -r .dataset_id)
    status=$(curl -sf "$TDMP/datasets/$id?wait=60" -H "$AUTH" | jq -r .status)
    while [ "$status" != completed ]; do
      [ "$status" = failed ] && { echo "dataset $id failed" >&2; exit 1; }
      status=$(curl -sf "$TDMP/datasets/$id?wait=60" -H "$AUTH" | jq -r .status)
    done
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 )) "$id"
  }

  local small_id
  read -r _ small_id < <(create_to_completed 100)   # warm-up: JIT, connection pool
  local times=()
  for _ in $(seq "$small_runs"); do times+=("$(create_to_completed 100 | cut -d' ' -f1)"); done
  local sorted median worst
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  median=$(echo "$sorted" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  worst=$(echo "$sorted" | tail -n 1)
  echo "100 records, create → completed (json, with ?wait): median ${median} ms, worst ${worst} ms over $small_runs runs"

  local large_ms large_id size
  # POST /schemas/{id}/preview of 10 records (target: < 100 ms), as the client sees it (curl's time_total).
  curl -sf -o /dev/null -X POST "$TDMP/schemas/$SCHEMA/preview" -H "$AUTH" -H 'Content-Type: application/json' -d '{"count": 10}'   # warm-up
  ptimes=()
  for _ in $(seq "$small_runs"); do
    ptimes+=("$(curl -sf -o /dev/null -w '%{time_total}' -X POST "$TDMP/schemas/$SCHEMA/preview" -H "$AUTH" \
      -H 'Content-Type: application/json' -d '{"count": 10}' | awk '{printf "%d", $1 * 1000 + 0.5}')")
  done
  psorted=$(printf '%s\n' "${ptimes[@]}" | sort -n)
  echo "preview of 10 order records: median $(echo "$psorted" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') ms, worst $(echo "$psorted" | tail -n 1) ms over $small_runs runs"

  read -r large_ms large_id < <(create_to_completed "$records_large")
  size=$(curl -sf "$TDMP/datasets/$large_id" -H "$AUTH" | jq '.files[0].size_bytes')
  echo "$records_large records, create → completed (json): ${large_ms} ms ($(( size / 1024 / 1024 )) MiB)"

  echo "GET /datasets/{id} under load (wrk, 2 threads, 32 connections, 10 s):"
  wrk -t2 -c32 -d10s --latency -H "$AUTH" "$TDMP/datasets/$large_id" | grep -E "Requests/sec|99%|Non-2xx|Socket errors" | sed 's/^/  /'
  echo "GET /health/live under the same load, for comparison:"
  wrk -t2 -c32 -d10s --latency "$TDMP/health/live" | grep -E "Requests/sec|99%" | sed 's/^/  /'

  echo "$waiters waiters on one running dataset (GET ?wait=60), max_connections = 100:"
  python3 "$root/bench/waiters.py" "$TDMP" "$TOKEN" "$small_id" "$conninfo" --waiters "$waiters" --hold 5 | sed 's/^/  /'
  if grep -qiE "too many clients|pool.*exhausted" "$work/api-$label.log"; then
    echo "  service log: $(grep -ciE "too many clients|pool.*exhausted" "$work/api-$label.log") lines of 'too many clients' / pool exhausted"
  fi

  kill "$api"; wait "$api" 2>/dev/null || true; api=
  psql -h 127.0.0.1 -p "$pg_port" -U tdmp -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
}

echo "TDMP API benchmark · $(nproc) cores · load average $(cut -d' ' -f1-3 /proc/loadavg) · $(date -u '+%Y-%m-%d %H:%M') UTC"
for build in "${builds[@]}"; do measure "${build%%|*}" "${build#*|}"; done
