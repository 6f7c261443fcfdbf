#!/usr/bin/env bash
# README command (a): install what DBackup needs on Debian, build it, and start the server on the
# embedded default (SQLite in ./data, http://localhost:3000). Extra arguments go to `dbackup serve`.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_go
ensure_node
ensure_chromium
say "go mod download"
go mod download
npm_install
build_binary
say "starting: bin/dbackup serve $*"
exec "$ROOT/bin/dbackup" serve "$@"
