package recoverykit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dbackup/dbackup/internal/archive"
	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/sidecar"
	"github.com/stretchr/testify/require"
)

// archiveDumps are the databases of the archive tests: one over a segment (several parts), an
// empty one (one empty part), and a name that needs sanitizing.
func archiveDumps(t *testing.T) (names []string, dumps map[string][]byte) {
	t.Helper()
	dumps = map[string][]byte{
		"app":          randomBytes(t, archive.SegmentSize+12345),
		"empty":        {},
		"we/ird näme!": []byte(strings.Repeat("CREATE TABLE t (id int);\n", 100)),
	}
	return []string{"app", "empty", "we/ird näme!"}, dumps
}

func buildArchive(t *testing.T, names []string, dumps map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := archive.NewWriter(&buf, "postgres")
	for _, n := range names {
		dw, err := w.Create(n)
		require.NoError(t, err)
		_, err = dw.Write(dumps[n])
		require.NoError(t, err)
		w.SetInfo("pg_dump-custom", "17.2", "17.4")
	}
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// TestScriptUnpacksArchive restores an encrypted multi-database backup with --unpack: the .tar
// is kept, and each database's dump comes out checked against the manifest.
func TestScriptUnpacksArchive(t *testing.T) {
	requireNode(t)
	key := newKey(t)
	names, dumps := archiveDumps(t)
	root := t.TempDir()
	file := writeBackup(t, root, backupSpec{object: "nightly/nightly_3-databases_2026-03-04_050607", ext: ".tar",
		plain: buildArchive(t, names, dumps), alg: compress.Gzip, key: &key, format: archive.Format, databases: names})
	kit := writeKit(t, kitKey("Production", key))
	out := filepath.Join(root, "restored")
	r := runNode(t, root, filepath.Join(kit, "dbackup-recover.js"), "--kit", kit, "--decrypt", file, "-o", out, "--unpack")
	require.Equal(t, 0, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)

	base := "nightly_3-databases_2026-03-04_050607"
	require.FileExists(t, filepath.Join(out, base+".tar"))
	dir := filepath.Join(out, base)
	want := map[string][]byte{"app.dump": dumps["app"], "empty.dump": dumps["empty"], "we_ird_n_me_.dump": dumps["we/ird näme!"]}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	wantNames := []string{"manifest.json"}
	for n := range want {
		wantNames = append(wantNames, n)
	}
	sort.Strings(wantNames)
	require.Equal(t, wantNames, got)
	for n, data := range want {
		b, err := os.ReadFile(filepath.Join(dir, n))
		require.NoError(t, err)
		require.True(t, bytes.Equal(data, b), "%s: %d bytes, want %d", n, len(b), len(data))
	}
}

// TestScriptRefusesCorruptArchive changes a byte of a dump inside an unencrypted archive and
// records the changed object's checksum in the sidecar, so that only the manifest can tell: the
// unpack fails and leaves no folder.
func TestScriptRefusesCorruptArchive(t *testing.T) {
	requireNode(t)
	names, dumps := archiveDumps(t)
	tarball := buildArchive(t, names, dumps)
	tarball[512+100] ^= 0x01 // in the data of databases/000-app/part-000001
	root := t.TempDir()
	file := writeBackup(t, root, backupSpec{object: "corrupt", ext: ".tar", plain: tarball, alg: compress.None,
		format: archive.Format, databases: names})
	sum := sha256.Sum256(tarball)
	require.Equal(t, hex.EncodeToString(sum[:]), readSidecar(t, file).SHA256)

	out := filepath.Join(root, "restored")
	r := runNode(t, root, scriptPath2(t), "--decrypt", file, "-o", out, "--unpack")
	require.Equal(t, "ErrCorrupt", r.errName(), "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	for _, e := range entries {
		require.Equal(t, "corrupt.tar", e.Name(), "only the checked .tar remains; no unpack folder, no temporary")
	}
}

func readSidecar(t *testing.T, file string) sidecar.Sidecar {
	t.Helper()
	b, err := os.ReadFile(file + sidecar.Suffix)
	require.NoError(t, err)
	sc, err := sidecar.Parse(b)
	require.NoError(t, err)
	return sc
}
