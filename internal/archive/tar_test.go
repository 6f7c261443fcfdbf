package archive

import (
	"archive/tar"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// tarEntry is one entry of a tar stream, for tests that take archives apart.
type tarEntry struct {
	hdr  tar.Header
	data []byte
}

func entries(t testing.TB, archive []byte) []tarEntry {
	t.Helper()
	tr := tar.NewReader(bytes.NewReader(archive))
	var out []tarEntry
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return out
		}
		require.NoError(t, err)
		data, err := io.ReadAll(tr)
		require.NoError(t, err)
		out = append(out, tarEntry{hdr: *hdr, data: data})
	}
}

func entryNames(t testing.TB, archive []byte) []string {
	var names []string
	for _, e := range entries(t, archive) {
		names = append(names, e.hdr.Name)
	}
	return names
}

func entrySizes(t testing.TB, archive []byte) []int64 {
	var sizes []int64
	for _, e := range entries(t, archive) {
		sizes = append(sizes, e.hdr.Size)
	}
	return sizes
}

// pack writes entries as a tar stream, taking each header's size from its data.
func pack(t testing.TB, es []tarEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range es {
		hdr := e.hdr
		hdr.Size = int64(len(e.data))
		require.NoError(t, tw.WriteHeader(&hdr))
		_, err := tw.Write(e.data)
		require.NoError(t, err)
	}
	require.NoError(t, tw.Close())
	return buf.Bytes()
}

// TestSystemTar extracts an archive with the system's tar command and checks that
// `cat databases/NNN-name/part-*` gives back each dump, as docs/archive-format.md promises.
func TestSystemTar(t *testing.T) {
	if _, err := exec.LookPath("tar"); err != nil {
		t.Skip("no tar command")
	}
	long := string(bytes.Repeat([]byte("n"), 150)) // a 100-byte safe name: entry names > 100 bytes
	dbs := []testDB{
		{name: "app", data: pattern(2*SegmentSize+17, 1)},
		{name: "empty", data: nil},
		{name: "weird name/ü", data: pattern(SegmentSize, 2)},
		{name: long, data: pattern(3, 3)},
	}
	archive := build(t, 0, 0, dbs...)
	dir := t.TempDir()
	file := filepath.Join(dir, "backup.tar")
	require.NoError(t, os.WriteFile(file, archive, 0o600))

	cmd := exec.Command("tar", "-xf", file)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Empty(t, string(out), "tar prints no warnings")

	for i, db := range dbs {
		folder := folder(i, db.name)
		cmd := exec.Command("sh", "-c", `cat "$1"part-* > "$2"`, "sh", folder, "dump")
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		got, err := os.ReadFile(filepath.Join(dir, "dump"))
		require.NoError(t, err)
		require.True(t, bytes.Equal(db.data, got), "dump of %q differs after tar -xf and cat", db.name)
	}
	manifest, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	require.NoError(t, err)
	require.Contains(t, string(manifest), `"database": "weird name/ü"`)
}

// TestReadsSystemTarOutput checks that an archive re-created by the system's tar command from
// the extracted files (as someone repairing a backup by hand might) still reads.
func TestReadsSystemTarOutput(t *testing.T) {
	if _, err := exec.LookPath("tar"); err != nil {
		t.Skip("no tar command")
	}
	dbs := []testDB{{name: "a", data: pattern(10, 1)}, {name: "b", data: pattern(5000, 2)}}
	archive := build(t, 1024, 0, dbs...)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "in.tar"), archive, 0o600))
	script := `mkdir x && cd x && tar -xf ../in.tar && tar --format=posix --no-recursion -cf ../out.tar $(tar -tf ../in.tar)`
	cmd := exec.Command("sh", "-c", script)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	repacked, err := os.ReadFile(filepath.Join(dir, "out.tar"))
	require.NoError(t, err)
	got, _, err := readAll(repacked)
	require.NoError(t, err)
	require.Len(t, got, 2)
	require.Equal(t, dbs[1].data, got[1].data)
}
