package recoverykit

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/stretchr/testify/require"
)

// TestScriptAndGoRefuseTheSameFiles damages a backup in the ways storage and people damage files
// and checks that the script and internal/encfile both refuse it, with the same error name, and
// that the script leaves no output and no temporary file. The sidecar stays the one of the
// intact file, as it would on a destination where only the object was damaged.
func TestScriptAndGoRefuseTheSameFiles(t *testing.T) {
	requireNode(t)
	key, other := newKey(t), newKey(t)
	full := smallChunk + encfile.TagSize
	cases := []struct {
		name   string
		change func([]byte) []byte
		key    vault.Key
		want   string
		alg    compress.Algorithm // gzip unless set; none makes the final chunk full-sized
	}{
		{"flip a byte in chunk 1", func(b []byte) []byte { b[encfile.HeaderSize+full+10] ^= 0x40; return b }, key, "ErrTampered", ""},
		{"flip a byte in the last tag", func(b []byte) []byte { b[len(b)-1] ^= 0x01; return b }, key, "ErrTampered", ""},
		{"truncate after chunk 2", func(b []byte) []byte { return b[:encfile.HeaderSize+2*full] }, key, "ErrTruncated", ""},
		{"truncate inside chunk 2", func(b []byte) []byte { return b[:encfile.HeaderSize+2*full+100] }, key, "ErrTampered", ""},
		{"truncate inside the header", func(b []byte) []byte { return b[:60] }, key, "ErrTruncated", ""},
		{"append bytes after a full final chunk", func(b []byte) []byte { return append(b, make([]byte, 7)...) }, key, "ErrTrailingData", compress.None},
		{"append bytes after a short final chunk", func(b []byte) []byte { return append(b, make([]byte, full)...) }, key, "ErrTampered", ""},
		{"swap chunks 0 and 1", func(b []byte) []byte {
			c0 := append([]byte(nil), b[encfile.HeaderSize:encfile.HeaderSize+full]...)
			copy(b[encfile.HeaderSize:], b[encfile.HeaderSize+full:encfile.HeaderSize+2*full])
			copy(b[encfile.HeaderSize+full:], c0)
			return b
		}, key, "ErrTampered", ""},
		{"flip a byte of the wrapped key", func(b []byte) []byte { b[70] ^= 0x01; return b }, key, "ErrWrongKey", ""},
		{"wrong key", func(b []byte) []byte { return b }, other, "ErrUnknownKey", ""},
		{"version 2", func(b []byte) []byte { b[8] = 2; return b }, key, "ErrUnsupportedVersion", ""},
		{"not encrypted", func(b []byte) []byte { return []byte("-- PostgreSQL database dump\n") }, key, "ErrNotEncrypted", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			alg := c.alg
			if alg == "" {
				alg = compress.Gzip
			}
			plain := randomBytes(t, 5*smallChunk)
			file := writeBackup(t, root, backupSpec{object: "app", ext: ".dump", plain: plain, alg: alg, key: &key, chunkSize: smallChunk})
			b, err := os.ReadFile(file)
			require.NoError(t, err)
			b = c.change(b)
			require.NoError(t, os.WriteFile(file, b, 0o644))

			_, goErr := goDecrypt(b, []vault.Key{c.key})
			require.Equal(t, c.want, goErrName(goErr))

			out := filepath.Join(root, "restored")
			r := runNode(t, root, scriptPath2(t), "--decrypt", file, "-o", out, "--key", c.key.Reveal())
			require.Equal(t, c.want, r.errName(), "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
			require.NotEqual(t, 0, r.code)
			requireEmptyDir(t, out)
		})
	}
}
