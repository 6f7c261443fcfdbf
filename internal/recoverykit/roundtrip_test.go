package recoverykit

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/stretchr/testify/require"
)

// smallChunk makes chunk boundaries cheap to reach; the big case uses the default chunk size.
const smallChunk = 4096

// TestScriptRestoresGoBackups stores backups the way a job run does (internal/compress,
// internal/encfile, internal/sidecar) and restores them with the script of a kit made by Write,
// at the sizes around chunk boundaries and a few MB, for every compression.
func TestScriptRestoresGoBackups(t *testing.T) {
	requireNode(t)
	key := newKey(t)
	kit := writeKit(t, kitKey("Production", key))
	script := filepath.Join(kit, "dbackup-recover.js")

	sizes := []struct {
		n, chunk int
	}{
		{0, smallChunk}, {1, smallChunk}, {smallChunk - 1, smallChunk}, {smallChunk, smallChunk},
		{smallChunk + 1, smallChunk}, {3<<20 + 17, encfile.DefaultChunkSize},
	}
	algs := []compress.Algorithm{compress.None, compress.Gzip, compress.Zstd, compress.Brotli}
	for _, alg := range algs {
		for _, sz := range sizes {
			if alg == compress.Brotli && sz.n > smallChunk+1 {
				continue // brotli takes the same path as gzip; spare the slow encoder
			}
			t.Run(fmt.Sprintf("%s/%d", alg, sz.n), func(t *testing.T) {
				root := t.TempDir()
				plain := randomBytes(t, sz.n)
				file := writeBackup(t, root, backupSpec{object: "nightly/nightly_app_2026-03-04_050607", ext: ".dump",
					plain: plain, alg: alg, key: &key, chunkSize: sz.chunk})
				out := filepath.Join(t.TempDir(), "restored")
				r := runNode(t, root, script, "--decrypt", file, "-o", out)
				require.Equal(t, 0, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
				require.Contains(t, r.stdout, "matches the sidecar")
				requireRestored(t, out, "nightly_app_2026-03-04_050607.dump", plain, alg)
			})
		}
	}
}

// requireRestored checks the script's output in dir: the plaintext under name, or for zstd on a
// Node.js without zstd, the authentic .zst that decompresses to it; and nothing else.
func requireRestored(t *testing.T, dir, name string, plain []byte, alg compress.Algorithm) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if alg == compress.Zstd && !nodeHasZstd(t) {
		require.Equal(t, []string{name + ".zst"}, names)
		got, err := os.ReadFile(filepath.Join(dir, name+".zst"))
		require.NoError(t, err)
		require.True(t, bytes.Equal(plain, decompressGo(t, got, compress.Zstd)), "the .zst decompresses to the dump")
		return
	}
	require.Equal(t, []string{name}, names)
	got, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	require.True(t, bytes.Equal(plain, got), "restored %d bytes, want %d", len(got), len(plain))
}

// TestScriptZstdFallbackSaysHowToFinish checks the advice given when Node.js cannot decompress
// zstd (only on such a Node.js).
func TestScriptZstdFallbackSaysHowToFinish(t *testing.T) {
	requireNode(t)
	if nodeHasZstd(t) {
		return // this Node.js decompresses zstd itself; TestScriptRestoresGoBackups covers it
	}
	key := newKey(t)
	root := t.TempDir()
	file := writeBackup(t, root, backupSpec{object: "db", ext: ".sql", plain: []byte("select 1;\n"), alg: compress.Zstd, key: &key})
	out := filepath.Join(root, "out")
	r := runNode(t, root, scriptPath2(t), "--decrypt", file, "-o", out, "--key", key.Reveal())
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "zstd -d ")
	require.Contains(t, r.stdout, "dbackup decrypt ")
}

// scriptPath2 is the repository's script as an absolute path, for runs in another folder.
func scriptPath2(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs(scriptPath)
	require.NoError(t, err)
	return p
}

// TestScriptUnencryptedBackups restores backups without encryption: checksum and decompression.
func TestScriptUnencryptedBackups(t *testing.T) {
	requireNode(t)
	for _, alg := range []compress.Algorithm{compress.None, compress.Gzip} {
		t.Run(string(alg), func(t *testing.T) {
			root := t.TempDir()
			plain := []byte(strings.Repeat("INSERT INTO t VALUES (1);\n", 1000))
			file := writeBackup(t, root, backupSpec{object: "plain/plain_app", ext: ".sql", plain: plain, alg: alg})
			out := filepath.Join(root, "restored")
			r := runNode(t, root, scriptPath2(t), "--decrypt", file, "-o", out)
			require.Equal(t, 0, r.code, r.stderr)
			requireRestored(t, out, "plain_app.sql", plain, alg)
		})
	}
}

// TestScriptChecksumMismatch changes a byte that gzip ignores (its header's time stamp), so
// only the sidecar's SHA-256 can tell: the script refuses the file and keeps nothing.
func TestScriptChecksumMismatch(t *testing.T) {
	requireNode(t)
	root := t.TempDir()
	file := writeBackup(t, root, backupSpec{object: "app", ext: ".sql", plain: []byte("select 1;\n"), alg: compress.Gzip})
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	b[4] ^= 0x01 // gzip MTIME
	require.NoError(t, os.WriteFile(file, b, 0o644))
	out := filepath.Join(root, "out")
	r := runNode(t, root, scriptPath2(t), "--decrypt", file, "-o", out)
	require.Equal(t, "ErrChecksum", r.errName(), r.stderr)
	requireEmptyDir(t, out)

	// Without the sidecar nothing can be compared, and gzip itself is content.
	r = runNode(t, root, scriptPath2(t), "--decrypt", file, "-o", out, "--no-sidecar")
	require.Equal(t, 0, r.code, r.stderr)
}

// TestScriptDamagedCompression cuts a gzip backup that has no sidecar to check: decompression
// notices, and nothing is kept.
func TestScriptDamagedCompression(t *testing.T) {
	requireNode(t)
	root := t.TempDir()
	file := writeBackup(t, root, backupSpec{object: "app", ext: ".sql", plain: randomBytes(t, 10_000), alg: compress.Gzip})
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(file, b[:len(b)/2], 0o644))
	out := filepath.Join(root, "out")
	r := runNode(t, root, scriptPath2(t), "--decrypt", file, "-o", out, "--no-sidecar")
	require.Equal(t, "ErrDecompress", r.errName(), r.stderr)
	requireEmptyDir(t, out)
}
