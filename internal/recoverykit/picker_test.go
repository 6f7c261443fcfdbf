package recoverykit

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/dbackup/dbackup/internal/compress"
	"github.com/stretchr/testify/require"
)

// TestScriptPicker drives the interactive picker (forced with --interactive, since the test has
// no terminal) as the double-click launchers do: run in the kit's folder with its keys, it is
// told where the backups are, lists them, and restores the ones chosen by number.
func TestScriptPicker(t *testing.T) {
	requireNode(t)
	key := newKey(t)
	kit := writeKit(t, kitKey("Production", key))
	root := t.TempDir()
	a := randomBytes(t, 100_000)
	writeBackup(t, root, backupSpec{object: "nightly/a", ext: ".dump", plain: a, alg: compress.Gzip, key: &key})
	writeBackup(t, root, backupSpec{object: "plain/b", ext: ".sql", plain: []byte("select 1;\n"), alg: compress.None})

	// The kit folder has no backups: the picker asks for a folder (dragged in, so quoted), then
	// the answers for both backups arrive at once, as typed-ahead input does.
	input := "'" + root + "'\n1\ny\n2\nn\n"
	r := runNodeInput(t, kit, input, "dbackup-recover.js", "--interactive")
	require.Equal(t, 0, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	require.Contains(t, r.stdout, "1 profile key loaded")
	require.Contains(t, r.stdout, "No backups")
	require.Regexp(t, `(?m)^1 +nightly/a\.dump\.gz\.enc .* yes$`, r.stdout)

	got, err := os.ReadFile(filepath.Join(kit, "restored", "a.dump"))
	require.NoError(t, err)
	require.True(t, bytes.Equal(a, got))
	got, err = os.ReadFile(filepath.Join(kit, "restored", "b.sql"))
	require.NoError(t, err)
	require.Equal(t, "select 1;\n", string(got))
}
