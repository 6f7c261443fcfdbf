package encfile

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMemoryStaysFlat streams 256 MiB through a Writer, a pipe and a Reader at the default
// chunk size, and checks that everything allocated on the way (both sides together) is a few
// chunk buffers, not a fraction of the stream.
func TestMemoryStaysFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 256 MiB")
	}
	const total = 256 << 20
	// limit is what a Writer (one chunk) and a Reader (two chunks) need, plus room for the
	// pipe, the goroutine and the test's own bookkeeping.
	const limit = 3*(DefaultChunkSize+TagSize) + 1<<20
	key := testKey(0)
	block := pattern(251 * 256) // a whole number of pattern periods, so blocks repeat exactly

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)

	pr, pw := io.Pipe()
	go func() {
		w, err := NewWriter(pw, key, Options{})
		if err == nil {
			_, err = io.Copy(w, &repeatReader{block: block, left: total})
		}
		if err == nil {
			err = w.Close()
		}
		pw.CloseWithError(err)
	}()
	r, err := NewReader(pr, Keys(key))
	require.NoError(t, err)
	sink := &checkWriter{block: block}
	n, err := io.Copy(sink, r)
	require.NoError(t, err)
	require.NoError(t, sink.err)
	require.EqualValues(t, total, n)

	runtime.ReadMemStats(&after)
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("streamed %d MiB, allocated %d KiB in %d allocations", total>>20, allocated>>10, after.Mallocs-before.Mallocs)
	require.Less(t, allocated, uint64(limit), "allocations grew with the stream")
}

// TestNoAllocationsPerChunk checks that sealing and opening a chunk allocates nothing once a
// Writer or Reader exists.
func TestNoAllocationsPerChunk(t *testing.T) {
	const cs = MinChunkSize
	key := testKey(0)
	w, err := NewWriter(io.Discard, key, Options{ChunkSize: cs})
	require.NoError(t, err)
	chunk := pattern(cs)
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := w.Write(chunk); err != nil {
			t.Fatal(err)
		}
	})
	require.Zero(t, allocs, "Writer.Write")

	file := encrypt(t, pattern(200*cs), key, cs, 5)
	r, err := NewReader(bytes.NewReader(file), Keys(key))
	require.NoError(t, err)
	buf := make([]byte, cs)
	allocs = testing.AllocsPerRun(100, func() {
		if _, err := io.ReadFull(r, buf); err != nil {
			t.Fatal(err)
		}
	})
	require.Zero(t, allocs, "Reader.Read")
}

// repeatReader yields block over and over until left bytes have been read.
type repeatReader struct {
	block []byte
	off   int
	left  int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.left == 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > r.left {
		p = p[:r.left]
	}
	n := 0
	for n < len(p) {
		k := copy(p[n:], r.block[r.off:])
		n += k
		r.off = (r.off + k) % len(r.block)
	}
	r.left -= int64(n)
	return n, nil
}

// checkWriter checks, without keeping it, that what is written is block repeated.
type checkWriter struct {
	block []byte
	off   int
	pos   int64
	err   error
}

func (c *checkWriter) Write(p []byte) (int, error) {
	for i := 0; i < len(p); {
		k := min(len(p)-i, len(c.block)-c.off)
		if c.err == nil && !bytes.Equal(p[i:i+k], c.block[c.off:c.off+k]) {
			c.err = fmt.Errorf("wrong plaintext near byte %d", c.pos)
		}
		i += k
		c.pos += int64(k)
		c.off = (c.off + k) % len(c.block)
	}
	return len(p), nil
}
