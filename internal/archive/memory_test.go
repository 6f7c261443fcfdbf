package archive

import (
	"io"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMemoryStaysFlat streams 64 MiB of dumps (two databases) through a Writer, a pipe and a
// Reader, and checks that everything allocated on the way (both sides together) is about one
// segment buffer, not a fraction of the stream.
func TestMemoryStaysFlat(t *testing.T) {
	const total = 64 << 20
	// limit is the Writer's one segment buffer plus room for the pipe, io.Copy's buffers, the
	// goroutine, the manifest and the test's own bookkeeping.
	const limit = SegmentSize + 2<<20
	block := pattern(64<<10, 9)

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)

	pr, pw := io.Pipe()
	go func() {
		w := NewWriter(pw, "postgres")
		var err error
		for _, name := range []string{"app", "logs"} {
			var dw io.Writer
			if dw, err = w.Create(name); err != nil {
				break
			}
			for i := 0; i < total/2/len(block) && err == nil; i++ {
				_, err = dw.Write(block)
			}
			if err != nil {
				break
			}
			w.SetInfo("pg_dump-custom", "17.2", "17.4")
		}
		if err == nil {
			err = w.Close()
		}
		pw.CloseWithError(err)
	}()
	r := NewReader(pr)
	var n int64
	for {
		_, dr, err := r.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		m, err := io.Copy(io.Discard, dr)
		require.NoError(t, err)
		n += m
	}
	m, err := r.Manifest()
	require.NoError(t, err)
	require.EqualValues(t, total, n)
	require.Equal(t, 8, m.Databases[0].Parts)

	runtime.ReadMemStats(&after)
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("streamed %d MiB, allocated %d KiB in %d allocations", total>>20, allocated>>10, after.Mallocs-before.Mallocs)
	require.Less(t, allocated, uint64(limit), "allocations grew with the stream")
}

// TestWriterAllocationsPerPart checks that writing a part allocates a bounded, small amount
// once the Writer has its buffer: nothing proportional to the data.
func TestWriterAllocationsPerPart(t *testing.T) {
	w := newTestWriter(io.Discard, 1024)
	dw, err := w.Create("app")
	require.NoError(t, err)
	block := pattern(1024, 1)
	allocs := testing.AllocsPerRun(1000, func() {
		_, err := dw.Write(block) // exactly one part each time
		if err != nil {
			panic(err)
		}
	})
	require.LessOrEqual(t, allocs, 16.0, "allocations per part (tar header, entry name)")
}
