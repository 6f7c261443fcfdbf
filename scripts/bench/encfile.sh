#!/usr/bin/env bash
# Measures the encrypted backup format's throughput on one core: BenchmarkWriter and
# BenchmarkReader in internal/encfile at the default chunk size (1 MiB), through io.Copy. Prints
# go test's lines and the figures in MB/s.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export PATH="/usr/local/go/bin:$PATH"
cd "$ROOT"

out=$(GOMAXPROCS=1 go test -run '^$' -bench '^Benchmark(Writer|Reader)$/^chunk=1024KiB$/^Copy$' -benchtime 2s -benchmem ./internal/encfile/)
echo "$out"
for b in Writer Reader; do
  line=$(grep "^Benchmark$b/chunk=1024KiB/Copy" <<<"$out") || { echo "error: no $b benchmark line" >&2; exit 1; }
  awk -v b="$b" '{ for (i = 2; i <= NF; i++) if ($i == "MB/s") printf "%s, 1 MiB chunks, one core: %s MB/s\n", b, $(i-1) }' <<<"$line"
done
