package sftp_test

import (
	"errors"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/storage/sftp"
	"github.com/dbackup/dbackup/internal/storage/storagetest"
	"github.com/dbackup/dbackup/internal/testutil/sftptest"
)

func TestRemovePartial(t *testing.T) {
	srv := sftptest.New(t)
	storagetest.RunPartial(t, func(t *testing.T) storage.Storage {
		return open(t, config(srv, newFolder(t, srv)))
	}, func(t *testing.T, s storage.Storage, key string) func() bool {
		return leave(t, srv, s.(*sftp.SFTP), key)
	})
}

func TestRemovePartialKeepsLookalikes(t *testing.T) {
	srv := sftptest.New(t)
	s := open(t, config(srv, newFolder(t, srv)))
	onDisk := filepath.Join(srv.Root, s.Root())
	present := leave(t, srv, s, "dump")
	lookalikes := []string{".tmp-0123-dump", ".tmp-0123456789abcdef-dump.old", ".tmp-0123456789abcdeg-dump", ".tmp--dump"}
	for _, name := range lookalikes {
		require.NoError(t, writeFile(onDisk, name, "x"))
	}
	require.NoError(t, s.RemovePartial(t.Context(), "dump"))
	require.False(t, present())
	require.ElementsMatch(t, lookalikes, filesOnDisk(t, onDisk))
}

var errKilled = errors.New("Put killed on purpose")

// leave runs a Put of key that fails half-way, notes the temporary file it writes, and puts that
// file back after the Put removed it, as if the process had been killed instead.
func leave(t *testing.T, srv *sftptest.Server, s *sftp.SFTP, key string) func() bool {
	t.Helper()
	dir := filepath.Join(srv.Root, s.Root(), filepath.FromSlash(path.Dir(key)))
	before := tmpFiles(t, dir)
	var tmp string
	r := &halfReader{n: 1 << 10, err: errKilled, hook: func() {
		for name := range tmpFiles(t, dir) {
			if !before[name] {
				tmp = filepath.Join(dir, name)
			}
		}
	}}
	require.ErrorIs(t, s.Put(t.Context(), key, r, -1), errKilled)
	require.NotEmpty(t, tmp, "Put wrote a temporary file")
	require.NoError(t, os.WriteFile(tmp, []byte("partial data"), 0o600))
	return func() bool {
		_, err := os.Stat(tmp)
		return err == nil
	}
}

// tmpFiles returns the names of the temporary files in dir on the server's disk.
func tmpFiles(t *testing.T, dir string) map[string]bool {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	require.NoError(t, err)
	names := map[string]bool{}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".tmp-") {
			names[e.Name()] = true
		}
	}
	return names
}
