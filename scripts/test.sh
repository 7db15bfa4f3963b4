#!/usr/bin/env bash
# Command 2: runs the whole test suite, starting what the tests need (PostgreSQL, validators).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
port=${TDMP_PG_PORT:-54329}
"$root/scripts/pg.sh"
"$root/scripts/test-tools.sh"
export PATH="$root/.tools/node_modules/.bin:$PATH"
export TDMP_TEST_PG=${TDMP_TEST_PG:-"Host=127.0.0.1;Port=$port;Username=tdmp;Database=postgres"}
# Every temporary folder of the run (service processes' dataset storage, tool packs, browser profiles: a few GB) goes
# under .test-tmp/ of the repo, emptied when the run starts and when it ends, so runs never fill the disk.
export TMPDIR="$root/.test-tmp"
rm -rf "$TMPDIR" && mkdir -p "$TMPDIR"
trap 'rm -rf "$TMPDIR"' EXIT
dotnet test Tdmp.sln -c Release --nologo "$@"
