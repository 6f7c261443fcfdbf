package sftp_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/storage/sftp"
	"github.com/dbackup/dbackup/internal/storage/storagetest"
	"github.com/dbackup/dbackup/internal/testutil/sftptest"
	"github.com/dbackup/dbackup/internal/vault"
)

func TestConformance(t *testing.T) {
	srv := sftptest.New(t)
	storagetest.Run(t, func(t *testing.T) storage.Storage {
		s, err := sftp.Open(t.Context(), settings(srv, newFolder(t, srv)), passwordSecrets(srv))
		require.NoError(t, err)
		t.Cleanup(func() { require.NoError(t, s.Close()) })
		return s
	})
}

// settings returns the registry settings for srv with its fingerprint pinned and path as root.
func settings(srv *sftptest.Server, path string) map[string]string {
	return map[string]string{
		"host":                 srv.Host,
		"port":                 strconv.Itoa(srv.Port),
		"username":             srv.User,
		"path":                 path,
		"host_key_fingerprint": srv.HostKeyFingerprint,
	}
}

func passwordSecrets(srv *sftptest.Server) map[string]vault.Secret {
	return map[string]vault.Secret{"password": vault.NewSecret(srv.Password)}
}

// config is settings as a Config, with password authentication.
func config(srv *sftptest.Server, path string) sftp.Config {
	return sftp.Config{
		Host:               srv.Host,
		Port:               srv.Port,
		User:               srv.User,
		Path:               path,
		HostKeyFingerprint: srv.HostKeyFingerprint,
		Password:           vault.NewSecret(srv.Password),
	}
}

// newFolder creates an empty folder on the server and returns its path as the client sees it.
func newFolder(t *testing.T, srv *sftptest.Server) string {
	t.Helper()
	dir, err := os.MkdirTemp(srv.Root, "root-")
	require.NoError(t, err)
	return "/" + filepath.Base(dir)
}

func open(t *testing.T, cfg sftp.Config) *sftp.SFTP {
	t.Helper()
	s, err := sftp.New(t.Context(), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// filesOnDisk returns every non-folder under dir, relative to it.
func filesOnDisk(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, rel)
		}
		return nil
	}))
	return files
}
