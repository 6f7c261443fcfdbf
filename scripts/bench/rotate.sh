#!/usr/bin/env bash
# Times one offline key rotation (`dbackup key rotate`) of 100,000 sealed values on SQLite:
# BenchmarkRotate100k in internal/syskey. Seeding is not timed. Prints go test's line and the
# figure in seconds.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export PATH="/usr/local/go/bin:$PATH"
cd "$ROOT"

out=$(go test -run '^$' -bench Rotate100k -benchtime 1x -benchmem ./internal/syskey/)
echo "$out"
line=$(grep '^BenchmarkRotate100k' <<<"$out") || { echo "error: no benchmark line" >&2; exit 1; }
awk '{ for (i = 2; i <= NF; i++) if ($i == "ns/op") printf "rotate 100k sealed values: %.2f s (%s ns/op)\n", $(i-1) / 1e9, $(i-1) }' <<<"$line"
