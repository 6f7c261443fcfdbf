package sftptest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/storage/sftp"
	"github.com/dbackup/dbackup/internal/testutil/sftptest"
	"github.com/dbackup/dbackup/internal/vault"
)

// TestJail checks that a client cannot leave Root, through ".." or a symbolic link.
func TestJail(t *testing.T) {
	srv := sftptest.New(t)
	outside := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(outside, "secret"), []byte("secret"), 0o600))
	require.NoError(t, os.Symlink(outside, filepath.Join(srv.Root, "link")))
	require.NoError(t, os.WriteFile(filepath.Join(srv.Root, "inside"), []byte("inside"), 0o600))

	cfg := sftp.Config{
		Host: srv.Host, Port: srv.Port, User: srv.User, HostKeyFingerprint: srv.HostKeyFingerprint,
		Password: vault.NewSecret(srv.Password),
	}

	// ".." above "/" stays at "/".
	cfg.Path = "/../../.."
	s, err := sftp.New(t.Context(), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	var keys []string
	require.NoError(t, s.List(t.Context(), "", func(o storage.Object) error { keys = append(keys, o.Key); return nil }))
	require.Equal(t, []string{"inside"}, keys)

	// A symbolic link out of Root is refused.
	cfg.Path = "/link"
	_, err = sftp.New(t.Context(), cfg)
	require.Equal(t, connerr.Permission, connerr.KindOf(err), "%v", err)

	cfg.Path = "/"
	s, err = sftp.New(t.Context(), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	require.Error(t, s.Put(t.Context(), "link/planted", strings.NewReader("x"), 1))
	_, err = os.Stat(filepath.Join(outside, "planted"))
	require.ErrorIs(t, err, os.ErrNotExist)
}
