package compress_test

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/compress"
)

// dumpLike is text that compresses like a database dump: repeated structure with random values.
func dumpLike(t testing.TB, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	rnd := make([]byte, 16)
	for b.Len() < n {
		_, _ = rand.Read(rnd)
		b.WriteString("INSERT INTO orders (id, customer, note) VALUES (42, 'customer-")
		b.WriteString(strings.ToLower(string(rune('a' + rnd[0]%26))))
		b.WriteString("', '")
		for _, c := range rnd {
			b.WriteByte('a' + c%26)
		}
		b.WriteString("');\n")
	}
	return b.Bytes()[:n]
}

func TestRoundTrip(t *testing.T) {
	for _, a := range []compress.Algorithm{compress.Zstd, compress.Gzip, compress.Brotli, compress.None} {
		for _, size := range []int{0, 1, 64 << 10, 3<<20 + 7} {
			in := dumpLike(t, size)
			var stored bytes.Buffer
			w, err := compress.NewWriter(&stored, a)
			require.NoError(t, err)
			_, err = io.Copy(w, bytes.NewReader(in))
			require.NoError(t, err)
			require.NoError(t, w.Close())
			if a != compress.None && size > 1<<10 {
				require.Less(t, stored.Len(), size/2, "%s compresses dump-like text", a)
			}
			r, err := compress.NewReader(&stored, a)
			require.NoError(t, err)
			out, err := io.ReadAll(r)
			require.NoError(t, err)
			require.NoError(t, r.Close())
			require.True(t, bytes.Equal(in, out), "%s %d bytes", a, size)
		}
	}
}

// TestStandardToolsOpenTheOutput checks that an unencrypted backup is a plain file the usual
// tools read: zstd and gzip on this machine, Go's own gzip.
func TestStandardToolsOpenTheOutput(t *testing.T) {
	in := dumpLike(t, 200<<10)
	for _, tc := range []struct {
		a    compress.Algorithm
		tool []string
	}{{compress.Zstd, []string{"zstd", "-d", "-c"}}, {compress.Gzip, []string{"gzip", "-d", "-c"}}} {
		var stored bytes.Buffer
		w, err := compress.NewWriter(&stored, tc.a)
		require.NoError(t, err)
		_, _ = w.Write(in)
		require.NoError(t, w.Close())
		if tc.a == compress.Gzip {
			g, err := gzip.NewReader(bytes.NewReader(stored.Bytes()))
			require.NoError(t, err)
			out, err := io.ReadAll(g)
			require.NoError(t, err)
			require.Equal(t, in, out, "the standard library reads our gzip")
		}
		if _, err := exec.LookPath(tc.tool[0]); err != nil {
			t.Logf("%s not installed; skipping the external check", tc.tool[0])
			continue
		}
		cmd := exec.Command(tc.tool[0], tc.tool[1:]...)
		cmd.Stdin = bytes.NewReader(stored.Bytes())
		out, err := cmd.Output()
		require.NoError(t, err, "%s reads our %s", tc.tool[0], tc.a)
		require.Equal(t, in, out)
	}
}

func TestParse(t *testing.T) {
	a, err := compress.Parse("zstd")
	require.NoError(t, err)
	require.Equal(t, ".zst", a.Extension())
	_, err = compress.Parse("lz4")
	require.ErrorIs(t, err, compress.ErrUnknown)
	_, err = compress.NewWriter(io.Discard, "lz4")
	require.ErrorIs(t, err, compress.ErrUnknown)
}

func BenchmarkWriter(b *testing.B) {
	in := dumpLike(b, 8<<20)
	for _, a := range []compress.Algorithm{compress.Zstd, compress.Gzip, compress.Brotli} {
		b.Run(string(a), func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				w, _ := compress.NewWriter(io.Discard, a)
				_, _ = w.Write(in)
				_ = w.Close()
			}
		})
	}
}
