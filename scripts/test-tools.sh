#!/usr/bin/env bash
# Installs what the tests need besides PostgreSQL, when missing: the independent validators the tests check generated
# files with, xmllint (Debian libxml2-utils) and ajv-cli + ajv-formats, and the real servers the integration tests talk
# to: s3rver (a local S3) and smtp-server (under scripts/smtp-sink.js, a local SMTP sink). npm packages go into .tools/.
# The tests start those servers themselves on free loopback ports (tests/Tdmp.Tests/Infrastructure/LocalServers.cs).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# xmllint validates XML; curl and jq run the README's CI script in the tests.
missing=()
command -v xmllint >/dev/null || missing+=(libxml2-utils)
command -v curl >/dev/null || missing+=(curl)
command -v jq >/dev/null || missing+=(jq)
# sqlite3 loads the SQLite dialect's files for real (foreign keys on).
command -v sqlite3 >/dev/null || missing+=(sqlite3)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ ! -x "$root/.tools/node_modules/.bin/ajv" ]; then
  echo "Installing ajv-cli and ajv-formats..."
  mkdir -p "$root/.tools"
  (cd "$root/.tools" && npm install --silent --no-audit --no-fund --prefix . ajv-cli@5 ajv-formats@3 >/dev/null)
fi
# The OpenAPI document is linted by both tools CI teams use (tests/Tdmp.Tests/Api/OpenApiLintTests.cs).
if [ ! -x "$root/.tools/node_modules/.bin/spectral" ] || [ ! -x "$root/.tools/node_modules/.bin/redocly" ]; then
  echo "Installing spectral and redocly..."
  mkdir -p "$root/.tools"
  (cd "$root/.tools" && npm install --silent --no-audit --no-fund --prefix . @stoplight/spectral-cli@6.16.3 @redocly/cli@2.77.0 >/dev/null)
fi
if [ ! -x "$root/.tools/node_modules/.bin/s3rver" ] || [ ! -d "$root/.tools/node_modules/smtp-server" ]; then
  echo "Installing s3rver and smtp-server..."
  mkdir -p "$root/.tools"
  (cd "$root/.tools" && npm install --silent --no-audit --no-fund --prefix . s3rver@3.7.1 smtp-server@3.21.6 >/dev/null)
fi
