package local_test

import (
	"bytes"
	"errors"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/storage/local"
	"github.com/dbackup/dbackup/internal/storage/storagetest"
)

func TestRemovePartial(t *testing.T) {
	storagetest.RunPartial(t, func(t *testing.T) storage.Storage { return newLocal(t) }, leave)
}

func TestRemovePartialKeepsUnrelatedFiles(t *testing.T) {
	l := newLocal(t)
	present := leave(t, l, "dump")
	// Leftovers of older versions, and names that only look alike.
	for _, name := range []string{".tmp-123", ".tmp-0123456789abcdef-dump.old", ".tmp-xyz-dump", ".tmp--dump"} {
		require.NoError(t, os.WriteFile(filepath.Join(l.Root(), name), []byte("x"), 0o600))
	}
	require.NoError(t, os.Mkdir(filepath.Join(l.Root(), ".tmp-0123456789abcdef-dump"), 0o700))

	require.NoError(t, l.RemovePartial(t.Context(), "dump"))
	require.False(t, present())
	entries, err := os.ReadDir(l.Root())
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	require.ElementsMatch(t, []string{".tmp-123", ".tmp-0123456789abcdef-dump.old", ".tmp-xyz-dump", ".tmp--dump", ".tmp-0123456789abcdef-dump"}, names)
}

func TestLongNames(t *testing.T) {
	l := newLocal(t)
	// The longest name most file systems hold; the temporary name must fit too.
	key := "dir/" + strings.Repeat("ü", 127) + "x"
	require.NoError(t, l.Put(t.Context(), key, bytes.NewReader([]byte("x")), 1))
	present := leave(t, l, key)
	require.NoError(t, l.RemovePartial(t.Context(), key))
	require.False(t, present())
	require.Equal(t, []byte("x"), readFile(t, l, key))
}

var errKilled = errors.New("Put killed on purpose")

// killReader yields one chunk of data, then calls hook and fails.
type killReader struct {
	done bool
	hook func()
}

func (k *killReader) Read(p []byte) (int, error) {
	if k.done {
		k.hook()
		return 0, errKilled
	}
	k.done = true
	return copy(p, "partial data"), nil
}

// leave runs a Put of key that fails half-way, notes the temporary file it writes, and puts that
// file back after the Put removed it, as if the process had been killed instead.
func leave(t *testing.T, s storage.Storage, key string) func() bool {
	t.Helper()
	l := s.(*local.Local)
	dir := filepath.Join(l.Root(), filepath.FromSlash(path.Dir(key)))
	before := tmpFiles(t, dir)
	var tmp string
	r := &killReader{hook: func() {
		for name := range tmpFiles(t, dir) {
			if !before[name] {
				tmp = filepath.Join(dir, name)
			}
		}
	}}
	require.ErrorIs(t, l.Put(t.Context(), key, r, -1), errKilled)
	require.NotEmpty(t, tmp, "Put wrote a temporary file")
	require.NoError(t, os.WriteFile(tmp, []byte("partial data"), 0o600))
	return func() bool {
		_, err := os.Stat(tmp)
		return err == nil
	}
}

// tmpFiles returns the names of the temporary files in dir.
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

func readFile(t *testing.T, l *local.Local, key string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(l.Root(), filepath.FromSlash(key)))
	require.NoError(t, err)
	return b
}
