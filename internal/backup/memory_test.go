package backup

import (
	"context"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/compress"
)

// TestRunMemoryIsFlat streams a 256 MiB dump to two targets and checks the heap does not grow
// with it: the pipeline holds a few chunks, never the dump.
func TestRunMemoryIsFlat(t *testing.T) {
	size := int64(256 << 20)
	if raceEnabled || testing.Short() {
		size = 32 << 20 // the race detector makes 256 MiB take half a minute
	}
	const maxGrowth = 64 << 20
	a, _ := newLocal(t)
	b, _ := newLocal(t)
	var peak uint64
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	res, err := Run(context.Background(), Plan{
		Dumper: fakeDumper{DumpFunc: textDump(size, -1)}, Database: "app",
		Compression: compress.Zstd, Key: testKey(), ObjectKey: objKey,
		Targets: []Target{{"a", a}, {"b", b}},
	}, func(Progress) {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		peak = max(peak, m.HeapInuse)
	})
	require.NoError(t, err)
	require.Equal(t, Success, res.Status())
	require.EqualValues(t, size, res.DumpSize)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	peak = max(peak, after.HeapInuse)
	t.Logf("heap in use: before %d MiB, peak %d MiB; stored %d MiB", before.HeapInuse>>20, peak>>20, res.Size>>20)
	require.Less(t, peak, before.HeapInuse+maxGrowth)
}

// BenchmarkRun reports the pipeline's throughput over dump bytes, zstd and encrypted, to one
// local target.
func BenchmarkRun(b *testing.B) {
	const size = 64 << 20
	b.SetBytes(size)
	for b.Loop() {
		st, _ := newLocal(b)
		_, err := Run(context.Background(), Plan{
			Dumper: fakeDumper{DumpFunc: textDump(size, -1)}, Database: "app",
			Compression: compress.Zstd, Key: testKey(), ObjectKey: objKey,
			Targets: []Target{{"a", st}},
		}, nil)
		require.NoError(b, err)
	}
}
