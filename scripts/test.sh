#!/usr/bin/env bash
# README command (b): every test. Installs and starts what the tests need, checks that generated
# code is current, builds the binary, then runs the frontend unit tests, the browser tests and the
# Go tests (unit and integration, against real PostgreSQL). With CI=true nothing is skipped.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
start=$(date +%s)

ensure_go
ensure_node
ensure_chromium
ensure_postgres
ensure_mariadb
ensure_redis
ensure_versitygw
ensure_ferretdb
ensure_oidcop
say "go mod download"
go mod download
npm_install

say "go generate ./... (generated code must be committed)"
# A fingerprint of every file git would see (tracked or not ignored), contents included.
snapshot() { git ls-files -z --cached --others --exclude-standard | sort -zu | xargs -0 sha256sum 2>&1; }
before_list=$(snapshot)
before=$(echo "$before_list" | sha256sum)
go generate ./...
if [ "$(snapshot | sha256sum)" != "$before" ]; then
  diff <(echo "$before_list") <(snapshot) >&2 || true
  die "go generate changed files: run it, and commit what it writes"
fi

say "go vet"
go vet ./...
say "typecheck"
npm run --silent typecheck

build_binary
export DBACKUP_BIN="$ROOT/bin/dbackup"

say "frontend unit tests (vitest)"
npm run --silent test

say "browser tests (playwright + chromium)"
npm run --silent e2e

say "go tests"
go test -count=1 -race -timeout 15m ./...

say "all tests passed in $(( $(date +%s) - start ))s"
