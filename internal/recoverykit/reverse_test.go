package recoverykit

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/stretchr/testify/require"
)

// nodeEncoder is an independent DBKENC writer in Node.js, used only by the tests.
const nodeEncoder = "testdata/node-encoder.js"

// TestGoReadsNodeEncoderFiles has the Node.js test encoder write files from its own reading of
// docs/backup-format.md, and internal/encfile decrypts them: the format is what both sides
// implement, not what one of them happens to do.
func TestGoReadsNodeEncoderFiles(t *testing.T) {
	requireNode(t)
	key := newKey(t)
	cases := []struct{ n, chunk int }{
		{0, encfile.MinChunkSize}, {1, encfile.MinChunkSize}, {smallChunk - 1, smallChunk}, {smallChunk, smallChunk},
		{smallChunk + 1, smallChunk}, {3*smallChunk + 7, smallChunk}, {2<<20 + 5, encfile.DefaultChunkSize},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%d@%d", c.n, c.chunk), func(t *testing.T) {
			dir := t.TempDir()
			plain := randomBytes(t, c.n)
			in, out := filepath.Join(dir, "plain"), filepath.Join(dir, "file.enc")
			require.NoError(t, os.WriteFile(in, plain, 0o600))
			r := runNode(t, "", nodeEncoder, key.Reveal(), strconv.Itoa(c.chunk), in, out)
			require.Equal(t, 0, r.code, r.stderr)
			file, err := os.ReadFile(out)
			require.NoError(t, err)
			chunks := max(1, (c.n+c.chunk-1)/c.chunk)
			require.Len(t, file, encfile.HeaderSize+c.n+encfile.TagSize*chunks, "the size the format predicts")

			got, err := goDecrypt(file, []vault.Key{key})
			require.NoError(t, err)
			require.True(t, bytes.Equal(plain, got))

			// And the kit's script reads the encoder's file too.
			r = runNode(t, "", scriptPath, "--decrypt", out, "-o", filepath.Join(dir, "restored"), "--key", key.Reveal())
			require.Equal(t, 0, r.code, r.stderr)
			back, err := os.ReadFile(filepath.Join(dir, "restored", "file"))
			require.NoError(t, err)
			require.True(t, bytes.Equal(plain, back))
		})
	}
}
