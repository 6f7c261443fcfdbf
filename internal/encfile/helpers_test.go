package encfile

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/dbackup/dbackup/internal/vault"
	"github.com/stretchr/testify/require"
)

// testKey returns the key whose bytes are base, base+1, …, base+31: testKey(0) and
// testKey(0x20) are key 1 and key 2 of docs/vault-format.md and docs/backup-format.md.
func testKey(base byte) vault.Key {
	var k vault.Key
	for i := range k {
		k[i] = base + byte(i)
	}
	return k
}

// testRand returns a deterministic random source, so that a test's files are the same on every
// run.
func testRand(seed uint64) io.Reader {
	var s [32]byte
	s[0] = byte(seed)
	s[1] = byte(seed >> 8)
	return rand.NewChaCha8(s)
}

// pattern returns n bytes of the vector plaintext rule: byte i is i mod 251. 251 is prime, so
// the pattern does not line up with any chunk size and a moved chunk changes its content.
func pattern(n int) []byte {
	p := make([]byte, n)
	for i := range p {
		p[i] = byte(i % 251)
	}
	return p
}

// encrypt encrypts plain under key with chunk size cs, deterministically from seed.
func encrypt(t testing.TB, plain []byte, key vault.Key, cs int, seed uint64) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, key, Options{ChunkSize: cs, Rand: testRand(seed)})
	require.NoError(t, err)
	n, err := w.Write(plain)
	require.NoError(t, err)
	require.Equal(t, len(plain), n)
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// decrypt reads file with keys and extra wraps and returns what the Reader returned before it
// stopped, and the error it stopped with (nil at io.EOF).
func decrypt(file []byte, keys KeyLookup, extra ...Wrap) ([]byte, error) {
	r, err := NewReader(bytes.NewReader(file), keys, extra...)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// fileSize is the size of a file with n plaintext bytes in chunks of cs.
func fileSize(n, cs int) int {
	chunks := n/cs + 1
	if n > 0 && n%cs == 0 {
		chunks--
	}
	return HeaderSize + n + chunks*TagSize
}

// chunkBounds returns the [start, end) offsets of every chunk of file.
func chunkBounds(file []byte, cs int) [][2]int {
	var out [][2]int
	for off := HeaderSize; off < len(file); off += cs + TagSize {
		out = append(out, [2]int{off, min(off+cs+TagSize, len(file))})
	}
	return out
}

func cloneBytes(b []byte) []byte { return append([]byte(nil), b...) }
