package local_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/storage/local"
	"github.com/dbackup/dbackup/internal/storage/storagetest"
)

func newLocal(t *testing.T) *local.Local {
	l, err := local.New(local.Config{Path: t.TempDir()})
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	return l
}

func TestConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Storage { return newLocal(t) })
}

func TestEscapingKeysRejected(t *testing.T) {
	parent := t.TempDir()
	root := filepath.Join(parent, "root")
	require.NoError(t, os.Mkdir(root, 0o700))
	l, err := local.New(local.Config{Path: root})
	require.NoError(t, err)
	for _, key := range []string{"../escape", "a/../../escape", "/etc/dbackup-escape", filepath.Join(parent, "abs")} {
		err := l.Put(t.Context(), key, bytes.NewReader([]byte("x")), 1)
		require.ErrorIs(t, err, storage.ErrInvalidKey, key)
		require.Contains(t, err.Error(), key, "the error names the key")
	}
	entries, err := os.ReadDir(parent)
	require.NoError(t, err)
	require.Len(t, entries, 1, "nothing written next to the root")
	_, err = os.Stat("/etc/dbackup-escape")
	require.ErrorIs(t, err, fs.ErrNotExist)
}

func TestModes(t *testing.T) {
	l := newLocal(t)
	require.NoError(t, l.Put(t.Context(), "a/b/file", bytes.NewReader([]byte("x")), 1))
	for _, tc := range []struct {
		rel  string
		mode fs.FileMode
	}{{"a", 0o700}, {"a/b", 0o700}, {"a/b/file", 0o600}} {
		fi, err := os.Stat(filepath.Join(l.Root(), tc.rel))
		require.NoError(t, err)
		require.Equal(t, tc.mode, fi.Mode().Perm(), tc.rel)
	}
}

func TestTempFilesHidden(t *testing.T) {
	l := newLocal(t)
	require.NoError(t, l.Put(t.Context(), "dir/kept", bytes.NewReader([]byte("x")), 1))
	// Leftovers of a crash in the middle of Put.
	require.NoError(t, os.WriteFile(filepath.Join(l.Root(), ".tmp-123"), []byte("partial"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(l.Root(), "dir", ".tmp-456"), []byte("partial"), 0o600))

	var keys []string
	require.NoError(t, l.List(t.Context(), "", func(o storage.Object) error { keys = append(keys, o.Key); return nil }))
	require.Equal(t, []string{"dir/kept"}, keys)

	for _, key := range []string{".tmp-x", "dir/.tmp-456"} {
		require.ErrorIs(t, l.Put(t.Context(), key, bytes.NewReader(nil), 0), storage.ErrInvalidKey, key)
		_, err := l.Get(t.Context(), key)
		require.ErrorIs(t, err, storage.ErrInvalidKey, key)
	}
}

func TestFailedPutRemovesTempFile(t *testing.T) {
	l := newLocal(t)
	err := l.Put(t.Context(), "dir/obj", bytes.NewReader([]byte("short")), 10)
	require.Error(t, err)
	entries, err := os.ReadDir(filepath.Join(l.Root(), "dir"))
	require.NoError(t, err)
	require.Empty(t, entries)
}

func TestNew(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	for _, tc := range []struct {
		name string
		path string
		kind connerr.Kind
	}{
		{"empty", "", connerr.Config},
		{"relative", "backups", connerr.Config},
		{"missing", filepath.Join(t.TempDir(), "missing"), connerr.NotFound},
		{"a file", file, connerr.Config},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := local.New(local.Config{Path: tc.path})
			var ce *connerr.Error
			require.True(t, errors.As(err, &ce), "%v", err)
			require.Equal(t, tc.kind, ce.Kind, "%v", err)
			require.NotEmpty(t, ce.Hint)
		})
	}
}
