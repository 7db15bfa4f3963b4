#!/usr/bin/env bash
# Installs the independent validators the tests check generated files with, when missing:
# xmllint (Debian libxml2-utils) and ajv-cli + ajv-formats (npm, into .tools/ of the repo).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if ! command -v xmllint >/dev/null; then
  echo "Installing xmllint..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq libxml2-utils >/dev/null
fi
if [ ! -x "$root/.tools/node_modules/.bin/ajv" ]; then
  echo "Installing ajv-cli and ajv-formats..."
  mkdir -p "$root/.tools"
  (cd "$root/.tools" && npm install --silent --no-audit --no-fund --prefix . ajv-cli@5 ajv-formats@3 >/dev/null)
fi
