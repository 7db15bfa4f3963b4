#!/usr/bin/env bash
# Lists the lines of the C# sources longer than the house limit (max_line_length of .editorconfig), longest first:
#   scripts/long-lines.sh            path:line: length, then a count; exit 0
#   scripts/long-lines.sh --strict   the same, exit 1 when any line is over (for a CI step once the code is rewrapped)
#   scripts/long-lines.sh src/Tdmp.Api   only below these paths
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
strict=false
if [ "${1:-}" = "--strict" ]; then strict=true; shift; fi
limit=$(sed -n 's/^max_line_length *= *\([0-9]*\).*/\1/p' .editorconfig | head -1)
limit=${limit:-150}
over=$(git ls-files -- "${@:-.}" | grep '\.cs$' | xargs -r awk -v limit="$limit" \
  '{ n = length($0) } n > limit { printf "%s:%d: %d\n", FILENAME, FNR, n }' | sort -t: -k3 -rn)
if [ -n "$over" ]; then printf '%s\n' "$over"; fi
count=$(printf '%s' "$over" | grep -c . || true)
echo "$count line(s) longer than $limit characters" >&2
if $strict && [ "$count" -gt 0 ]; then exit 1; fi
