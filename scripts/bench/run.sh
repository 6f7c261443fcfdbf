#!/usr/bin/env bash
# Measures DBackup's PostgreSQL backup and restore against raw pg_dump/pg_restore and the seed
# product's pg_dump -Z6 + AES-GCM path, on generated databases (default 500 and 1000 MB) on a
# local server (127.0.0.1:5432, user postgres, trust auth). Arguments go to the benchmark, such as
# -sizes 500,750 or -host/-port/-user. Needs pg_dump and pg_restore of the server's major version.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export PATH="/usr/local/go/bin:$PATH"
cd "$ROOT"

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/pgbench" ./scripts/bench/pgbench
"$bin/pgbench" "$@"
