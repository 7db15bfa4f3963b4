#!/usr/bin/env bash
# End-to-end API benchmark (issue 7): create → completed through HTTP, and GET /datasets/{id} under load.
# Starts its own service (Release build) on a fresh database of the project's PostgreSQL; prints the figures.
#   bench/api-bench.sh            # full run (about 1 minute)
#   RECORDS_LARGE=200000 bench/api-bench.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
pg_port=${TDMP_PG_PORT:-54329}
api_port=${BENCH_PORT:-8099}
records_large=${RECORDS_LARGE:-1000000}
small_runs=${SMALL_RUNS:-20}
TDMP=http://127.0.0.1:$api_port

"$root/scripts/pg.sh"
command -v wrk >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
db="tdmp_bench_$(date +%s)"
psql -h 127.0.0.1 -p "$pg_port" -U tdmp -d postgres -qc "CREATE DATABASE $db"
storage=$(mktemp -d)
dotnet build src/Tdmp.Api -c Release -v q -nologo >/dev/null

ConnectionStrings__Tdmp="Host=127.0.0.1;Port=$pg_port;Username=tdmp;Database=$db" Storage__Root="$storage" \
  TDMP_ADMIN_USERNAME=bench TDMP_ADMIN_PASSWORD=bench-password-123 Logging__LogLevel__Default=Warning \
  dotnet src/Tdmp.Api/bin/Release/net10.0/Tdmp.Api.dll --urls "$TDMP" >/tmp/tdmp-bench-api.log 2>&1 &
api=$!
cleanup() { kill "$api" 2>/dev/null || true; wait "$api" 2>/dev/null || true; rm -rf "$storage"; psql -h 127.0.0.1 -p "$pg_port" -U tdmp -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true; }
trap cleanup EXIT
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

create_to_completed 100 >/dev/null   # warm-up: JIT, connection pool
times=()
for _ in $(seq "$small_runs"); do times+=("$(create_to_completed 100 | cut -d' ' -f1)"); done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(echo "$sorted" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
worst=$(echo "$sorted" | tail -n 1)
echo "100 records, create → completed (json, with ?wait): median ${median} ms, worst ${worst} ms over $small_runs runs"

# POST /schemas/{id}/preview of 10 records (target: < 100 ms), as the client sees it (curl's time_total).
json "/schemas/$SCHEMA/preview" '{"count": 10}' >/dev/null   # warm-up
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
wrk -t2 -c32 -d10s --latency -H "$AUTH" "$TDMP/datasets/$large_id" | grep -E "Requests/sec|99%"
echo "GET /health/live under the same load, for comparison:"
wrk -t2 -c32 -d10s --latency "$TDMP/health/live" | grep -E "Requests/sec|99%"
