package sftp_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/testutil/sftptest"
)

var errHalfway = errors.New("reader failed half-way")

// halfReader yields n random bytes, then calls hook and fails with err.
type halfReader struct {
	n    int
	hook func()
	err  error
}

func (h *halfReader) Read(p []byte) (int, error) {
	if h.n <= 0 {
		if h.hook != nil {
			h.hook()
			h.hook = nil
		}
		return 0, h.err
	}
	p = p[:min(len(p), h.n)]
	_, _ = rand.Read(p)
	h.n -= len(p)
	return len(p), nil
}

func TestFailedPutLeavesNothingOnDisk(t *testing.T) {
	srv := sftptest.New(t)
	path := newFolder(t, srv)
	s := open(t, config(srv, path))
	onDisk := filepath.Join(srv.Root, path)

	for _, size := range []int64{-1, 4 << 20} {
		var during []string
		r := &halfReader{n: 2 << 20, err: errHalfway, hook: func() { during = filesOnDisk(t, onDisk) }}
		err := s.Put(t.Context(), "db/2024/dump.sql.gz", r, size)
		require.ErrorIs(t, err, errHalfway)
		require.Len(t, during, 1, "while the Put runs, its data sits in one temporary file")
		require.Equal(t, filepath.Join("db", "2024"), filepath.Dir(during[0]), "in the key's folder")
		require.True(t, strings.HasPrefix(filepath.Base(during[0]), ".tmp-"), during[0])
		require.Empty(t, filesOnDisk(t, onDisk), "size %d", size)
	}

	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		r := &cancelReader{cancelAt: 2 << 20, cancel: cancel, limit: 64 << 20}
		err := s.Put(ctx, "db/2024/cancelled", r, -1)
		require.ErrorIs(t, err, context.Canceled)
		require.LessOrEqual(t, r.read, 3<<20, "Put stops reading soon after cancellation")
		require.Empty(t, filesOnDisk(t, onDisk))
	})
}

// cancelReader yields random bytes, calls cancel once cancelAt bytes were read, and fails once
// limit bytes were read so that a Put ignoring cancellation cannot run forever.
type cancelReader struct {
	read, cancelAt, limit int
	cancel                func()
}

func (c *cancelReader) Read(p []byte) (int, error) {
	if c.read >= c.limit {
		return 0, errors.New("Put kept reading after cancellation")
	}
	_, _ = rand.Read(p)
	c.read += len(p)
	if c.read >= c.cancelAt {
		c.cancel()
	}
	return len(p), nil
}

func TestPutWithoutPosixRename(t *testing.T) {
	srv := sftptest.New(t, sftptest.WithoutPosixRename())
	path := newFolder(t, srv)
	s := open(t, config(srv, path))
	for _, content := range []string{"first version", "second"} {
		require.NoError(t, s.Put(t.Context(), "a/obj", strings.NewReader(content), int64(len(content))))
		got, err := os.ReadFile(filepath.Join(srv.Root, path, "a", "obj"))
		require.NoError(t, err)
		require.Equal(t, content, string(got))
	}
	require.Equal(t, []string{filepath.Join("a", "obj")}, filesOnDisk(t, filepath.Join(srv.Root, path)))
}

func TestPutFileMode(t *testing.T) {
	srv := sftptest.New(t)
	path := newFolder(t, srv)
	s := open(t, config(srv, path))
	require.NoError(t, s.Put(t.Context(), "obj", bytes.NewReader([]byte("x")), 1))
	fi, err := os.Stat(filepath.Join(srv.Root, path, "obj"))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "backups are readable by their owner only")
}

func TestReadOnlyServer(t *testing.T) {
	srv := sftptest.New(t, sftptest.ReadOnly())
	path := newFolder(t, srv)
	require.NoError(t, writeFile(filepath.Join(srv.Root, path), "existing", "x"))
	s := open(t, config(srv, path))

	err := s.Put(t.Context(), "obj", strings.NewReader("x"), 1)
	requireKind(t, connerr.Permission, err)
	err = s.Delete(t.Context(), "existing")
	requireKind(t, connerr.Permission, err)

	obj, err := s.Stat(t.Context(), "existing")
	require.NoError(t, err, "reads still work")
	require.EqualValues(t, 1, obj.Size)
}

func TestTemporaryNames(t *testing.T) {
	srv := sftptest.New(t)
	path := newFolder(t, srv)
	s := open(t, config(srv, path))

	// A leftover of a Put killed with the process is hidden and cannot be addressed.
	require.NoError(t, os.MkdirAll(filepath.Join(srv.Root, path, "db"), 0o755))
	require.NoError(t, writeFile(filepath.Join(srv.Root, path, "db"), ".tmp-0123-dump", "partial"))
	require.NoError(t, s.Put(t.Context(), "db/dump", strings.NewReader("full"), 4))
	var keys []string
	require.NoError(t, s.List(t.Context(), "", func(o storage.Object) error { keys = append(keys, o.Key); return nil }))
	require.Equal(t, []string{"db/dump"}, keys)

	for _, key := range []string{".tmp-0123-dump", "db/.tmp-0123-dump"} {
		_, err := s.Get(t.Context(), key)
		require.ErrorIs(t, err, storage.ErrInvalidKey, key)
		require.ErrorIs(t, s.Put(t.Context(), key, strings.NewReader("x"), 1), storage.ErrInvalidKey, key)
	}
}

func TestKeysCannotEscapeRoot(t *testing.T) {
	srv := sftptest.New(t)
	path := newFolder(t, srv)
	require.NoError(t, writeFile(srv.Root, "outside", "secret"))
	s := open(t, config(srv, path))
	for _, key := range []string{"../outside", "a/../../outside"} {
		_, err := s.Get(t.Context(), key)
		require.ErrorIs(t, err, storage.ErrInvalidKey, key)
	}
}
