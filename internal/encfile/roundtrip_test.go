package encfile

import (
	"bytes"
	"fmt"
	"io"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"
)

// roundTripSizes are the plaintext sizes every chunk size is tested with.
func roundTripSizes(cs int) map[string]int {
	return map[string]int{
		"empty": 0, "one byte": 1, "chunk-1": cs - 1, "chunk": cs, "chunk+1": cs + 1,
		"2 chunks": 2 * cs, "3 chunks+7": 3*cs + 7,
	}
}

func TestRoundTrip(t *testing.T) {
	key := testKey(0)
	for _, cs := range []int{MinChunkSize, 1000, 64 << 10} {
		for name, size := range roundTripSizes(cs) {
			t.Run(fmt.Sprintf("%s/chunk %d", name, cs), func(t *testing.T) {
				plain := pattern(size)
				file := encrypt(t, plain, key, cs, 1)
				require.Len(t, file, fileSize(size, cs))
				got, err := decrypt(file, Keys(key))
				require.NoError(t, err)
				require.Equal(t, plain, got)
			})
		}
	}
}

func TestRoundTripSeveralMB(t *testing.T) {
	key := testKey(0)
	plain := pattern(5<<20 + 3)
	for _, cs := range []int{4 << 10, 64 << 10, DefaultChunkSize} {
		t.Run(fmt.Sprintf("chunk %d", cs), func(t *testing.T) {
			var file bytes.Buffer
			w, err := NewWriter(&file, key, Options{ChunkSize: cs})
			require.NoError(t, err)
			n, err := io.Copy(w, bytes.NewReader(plain)) // ReadFrom
			require.NoError(t, err)
			require.EqualValues(t, len(plain), n)
			require.NoError(t, w.Close())
			require.Equal(t, fileSize(len(plain), cs), file.Len())

			r, err := NewReader(&file, Keys(key))
			require.NoError(t, err)
			var out bytes.Buffer
			n, err = io.Copy(&out, r) // WriteTo
			require.NoError(t, err)
			require.EqualValues(t, len(plain), n)
			require.True(t, bytes.Equal(plain, out.Bytes()))
		})
	}
}

func TestDefaultChunkSize(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, testKey(0), Options{})
	require.NoError(t, err)
	require.NoError(t, w.Close())
	require.Equal(t, DefaultChunkSize, w.Header().ChunkSize())
	require.Len(t, buf.Bytes(), HeaderSize+TagSize)
}

// TestWriteBoundariesDoNotMatter checks that the file depends only on the plaintext and the
// random bytes, not on how the plaintext was handed to the Writer: Write in any pieces and
// ReadFrom from sources that return any amounts give the same bytes.
func TestWriteBoundariesDoNotMatter(t *testing.T) {
	const cs = MinChunkSize
	key := testKey(0)
	for _, size := range []int{0, 1, cs - 1, cs, cs + 1, 2 * cs, 5*cs + 17} {
		plain := pattern(size)
		want := encrypt(t, plain, key, cs, 7)
		writers := map[string]func(w *Writer) error{
			"bytes of 1":         func(w *Writer) error { return writeIn(w, plain, 1) },
			"pieces of 7":        func(w *Writer) error { return writeIn(w, plain, 7) },
			"pieces of chunk":    func(w *Writer) error { return writeIn(w, plain, cs) },
			"pieces of chunk+1":  func(w *Writer) error { return writeIn(w, plain, cs+1) },
			"pieces of 3 chunks": func(w *Writer) error { return writeIn(w, plain, 3*cs) },
			"ReadFrom":           func(w *Writer) error { _, err := w.ReadFrom(bytes.NewReader(plain)); return err },
			"ReadFrom one byte": func(w *Writer) error {
				_, err := w.ReadFrom(iotest.OneByteReader(bytes.NewReader(plain)))
				return err
			},
			"ReadFrom half": func(w *Writer) error {
				_, err := w.ReadFrom(iotest.HalfReader(bytes.NewReader(plain)))
				return err
			},
			"ReadFrom data+EOF": func(w *Writer) error {
				_, err := w.ReadFrom(iotest.DataErrReader(bytes.NewReader(plain)))
				return err
			},
			"Write then ReadFrom": func(w *Writer) error {
				if err := writeIn(w, plain[:size/2], 5); err != nil {
					return err
				}
				_, err := w.ReadFrom(bytes.NewReader(plain[size/2:]))
				return err
			},
		}
		for name, write := range writers {
			var buf bytes.Buffer
			w, err := NewWriter(&buf, key, Options{ChunkSize: cs, Rand: testRand(7)})
			require.NoError(t, err)
			require.NoError(t, write(w), name)
			require.NoError(t, w.Close())
			require.Equal(t, want, buf.Bytes(), "%s, %d bytes", name, size)
		}
	}
}

func writeIn(w io.Writer, p []byte, piece int) error {
	for len(p) > 0 {
		n := min(piece, len(p))
		if _, err := w.Write(p[:n]); err != nil {
			return err
		}
		p = p[n:]
	}
	return nil
}

// TestReaderContract runs testing/iotest's reader checks, and reads through sources that return
// one byte or half of what is asked at a time.
func TestReaderContract(t *testing.T) {
	const cs = MinChunkSize
	key := testKey(0)
	for _, size := range []int{0, 1, cs, 3*cs + 7} {
		plain := pattern(size)
		file := encrypt(t, plain, key, cs, 3)
		sources := map[string]func() io.Reader{
			"plain":    func() io.Reader { return bytes.NewReader(file) },
			"one byte": func() io.Reader { return iotest.OneByteReader(bytes.NewReader(file)) },
			"half":     func() io.Reader { return iotest.HalfReader(bytes.NewReader(file)) },
			"data+EOF": func() io.Reader { return iotest.DataErrReader(bytes.NewReader(file)) },
		}
		for name, src := range sources {
			r, err := NewReader(src(), Keys(key))
			require.NoError(t, err)
			require.NoError(t, iotest.TestReader(r, plain), "%s, %d bytes", name, size)

			r, err = NewReader(src(), Keys(key))
			require.NoError(t, err)
			got, err := io.ReadAll(iotest.OneByteReader(r))
			require.NoError(t, err)
			require.Equal(t, plain, got)
		}
	}
}

func TestWriterClose(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, testKey(0), Options{ChunkSize: MinChunkSize})
	require.NoError(t, err)
	_, err = w.Write([]byte("hello"))
	require.NoError(t, err)
	require.Zero(t, buf.Len(), "nothing is written before a chunk is complete")
	require.NoError(t, w.Close())
	require.NoError(t, w.Close(), "Close is idempotent")
	n := buf.Len()
	_, err = w.Write([]byte("more"))
	require.Error(t, err)
	_, err = w.ReadFrom(bytes.NewReader([]byte("more")))
	require.Error(t, err)
	require.Equal(t, n, buf.Len())
}

func TestWriterErrorsAreSticky(t *testing.T) {
	boom := iotest.ErrTimeout
	w, err := NewWriter(failWriter{boom}, testKey(0), Options{ChunkSize: MinChunkSize})
	require.NoError(t, err)
	_, err = w.Write(pattern(3 * MinChunkSize))
	require.ErrorIs(t, err, boom)
	_, err = w.Write([]byte("x"))
	require.ErrorIs(t, err, boom)
	require.ErrorIs(t, w.Close(), boom)
	require.ErrorIs(t, w.Close(), boom)

	w, err = NewWriter(shortWriter{}, testKey(0), Options{ChunkSize: MinChunkSize})
	require.NoError(t, err)
	require.ErrorIs(t, w.Close(), io.ErrShortWrite)
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

type shortWriter struct{}

func (shortWriter) Write(p []byte) (int, error) { return len(p) / 2, nil }

func TestOptionsValidate(t *testing.T) {
	for _, cs := range []int{-1, 1, MinChunkSize - 1, MaxChunkSize + 1} {
		_, err := NewWriter(io.Discard, testKey(0), Options{ChunkSize: cs})
		require.Error(t, err, cs)
	}
	for _, cs := range []int{0, MinChunkSize, MaxChunkSize} {
		require.NoError(t, Options{ChunkSize: cs}.Validate())
	}
	_, err := NewWriter(io.Discard, testKey(0), Options{Rand: bytes.NewReader(make([]byte, 10))})
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
}

func TestFilesDiffer(t *testing.T) {
	// Two files of the same plaintext under the same key share nothing but the header's magic,
	// version, key id and chunk size: each has its own data key, file id and wrap nonce.
	var a, b bytes.Buffer
	for _, buf := range []*bytes.Buffer{&a, &b} {
		w, err := NewWriter(buf, testKey(0), Options{ChunkSize: MinChunkSize})
		require.NoError(t, err)
		_, err = w.Write(pattern(100))
		require.NoError(t, err)
		require.NoError(t, w.Close())
	}
	require.Equal(t, a.Bytes()[:offFileID], b.Bytes()[:offFileID])
	require.NotEqual(t, a.Bytes()[offFileID:offWrapNonce], b.Bytes()[offFileID:offWrapNonce])
	require.NotEqual(t, a.Bytes()[HeaderSize:], b.Bytes()[HeaderSize:])
}
