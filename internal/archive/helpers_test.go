package archive

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// testDB is one database's dump in a test archive.
type testDB struct {
	name string
	data []byte
}

// fixedNow pins the Writer's clock.
var fixedNow = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// pattern returns n bytes that differ from part to part, so that reordered or swapped parts
// change the result.
func pattern(n int, seed byte) []byte {
	b := make([]byte, n)
	x := uint32(seed) + 1
	for i := range b {
		x = x*1664525 + 1013904223
		b[i] = byte(x >> 24)
	}
	return b
}

// newTestWriter returns a Writer with a pinned clock and the given segment size (SegmentSize
// when 0).
func newTestWriter(w io.Writer, segment int) *Writer {
	aw := NewWriter(w, "postgres")
	aw.now = func() time.Time { return fixedNow }
	if segment > 0 {
		aw.segment = segment
	}
	return aw
}

// build writes dbs to an archive, writing each dump in writes of chunk bytes (all at once when
// chunk is 0).
func build(t testing.TB, segment, chunk int, dbs ...testDB) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := newTestWriter(&buf, segment)
	for _, db := range dbs {
		dw, err := w.Create(db.name)
		require.NoError(t, err)
		data := db.data
		for len(data) > 0 {
			n := len(data)
			if chunk > 0 {
				n = min(n, chunk)
			}
			written, err := dw.Write(data[:n])
			require.NoError(t, err)
			require.Equal(t, n, written)
			data = data[n:]
		}
		w.SetInfo("pg_dump-custom", "17.2", "17.4")
	}
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// readAll reads every database of an archive; it returns the first error other than io.EOF.
func readAll(data []byte) ([]testDB, Manifest, error) {
	r := NewReader(bytes.NewReader(data))
	var got []testDB
	for {
		name, dr, err := r.Next()
		if err == io.EOF {
			m, err := r.Manifest()
			return got, m, err
		}
		if err != nil {
			return got, Manifest{}, err
		}
		b, err := io.ReadAll(dr)
		if err != nil {
			return got, Manifest{}, err
		}
		got = append(got, testDB{name: name, data: b})
	}
}
