package sftp_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/storage/sftp"
	"github.com/dbackup/dbackup/internal/testutil/sftptest"
	"github.com/dbackup/dbackup/internal/vault"
)

// otherFingerprint is a well-formed fingerprint of no server here.
const otherFingerprint = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"

func requireKind(t *testing.T, want connerr.Kind, err error) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, want, connerr.KindOf(err), "error: %v", err)
}

func TestKeyAuth(t *testing.T) {
	srv := sftptest.New(t)
	cfg := config(srv, newFolder(t, srv))
	cfg.Password = vault.Secret{}
	cfg.PrivateKey = vault.NewSecret(string(srv.ClientKeyPEM))
	open(t, cfg)

	t.Run("encrypted", func(t *testing.T) {
		pem, err := srv.EncryptedClientKeyPEM("open sesame")
		require.NoError(t, err)
		cfg := cfg
		cfg.PrivateKey = vault.NewSecret(string(pem))
		cfg.PrivateKeyPassphrase = vault.NewSecret("open sesame")
		open(t, cfg)

		cfg.PrivateKeyPassphrase = vault.NewSecret("wrong")
		_, err = sftp.New(t.Context(), cfg)
		requireKind(t, connerr.Config, err)
		require.Equal(t, "private_key_passphrase", err.(*connerr.Error).Op)

		cfg.PrivateKeyPassphrase = vault.Secret{}
		_, err = sftp.New(t.Context(), cfg)
		requireKind(t, connerr.Config, err)
		require.Equal(t, "private_key_passphrase", err.(*connerr.Error).Op)
	})
	t.Run("garbage key", func(t *testing.T) {
		cfg := cfg
		cfg.PrivateKey = vault.NewSecret("not a key")
		_, err := sftp.New(t.Context(), cfg)
		requireKind(t, connerr.Config, err)
		require.Equal(t, "private_key", err.(*connerr.Error).Op)
	})
	t.Run("unauthorized key falls back to password", func(t *testing.T) {
		other := sftptest.New(t)
		cfg := config(srv, cfg.Path)
		cfg.PrivateKey = vault.NewSecret(string(other.ClientKeyPEM))
		open(t, cfg)
	})
}

func TestWrongCredentials(t *testing.T) {
	srv := sftptest.New(t)
	path := newFolder(t, srv)

	cfg := config(srv, path)
	cfg.Password = vault.NewSecret("wrong password")
	_, err := sftp.New(t.Context(), cfg)
	requireKind(t, connerr.Auth, err)

	cfg = config(srv, path)
	cfg.User = "intruder"
	_, err = sftp.New(t.Context(), cfg)
	requireKind(t, connerr.Auth, err)

	cfg = config(srv, path)
	cfg.Password = vault.Secret{}
	cfg.PrivateKey = vault.NewSecret(string(sftptest.New(t).ClientKeyPEM))
	_, err = sftp.New(t.Context(), cfg)
	requireKind(t, connerr.Auth, err)
}

func TestHostKey(t *testing.T) {
	srv := sftptest.New(t)
	path := newFolder(t, srv)

	t.Run("pinned matches", func(t *testing.T) {
		s := open(t, config(srv, path))
		require.Equal(t, srv.HostKeyFingerprint, s.HostKeyFingerprint())
	})
	t.Run("ssh-keygen output accepted", func(t *testing.T) {
		cfg := config(srv, path)
		cfg.HostKeyFingerprint = "256 " + srv.HostKeyFingerprint + " root@backup (ED25519)"
		open(t, cfg)
	})
	t.Run("pinned mismatch names both", func(t *testing.T) {
		cfg := config(srv, path)
		cfg.HostKeyFingerprint = otherFingerprint
		_, err := sftp.New(t.Context(), cfg)
		requireKind(t, connerr.HostKey, err)
		require.ErrorContains(t, err, srv.HostKeyFingerprint)
		require.ErrorContains(t, err, otherFingerprint)
		var hk *sftp.HostKeyError
		require.ErrorAs(t, err, &hk)
		require.Equal(t, sftp.HostKeyError{Seen: srv.HostKeyFingerprint, Pinned: otherFingerprint}, *hk)
	})
	t.Run("mismatch wins over trust on first use", func(t *testing.T) {
		cfg := config(srv, path)
		cfg.HostKeyFingerprint = otherFingerprint
		cfg.TrustOnFirstUse = true
		_, err := sftp.New(t.Context(), cfg)
		requireKind(t, connerr.HostKey, err)
	})
	t.Run("unknown without trust on first use", func(t *testing.T) {
		set := settings(srv, path)
		delete(set, "host_key_fingerprint")
		_, err := sftp.Open(t.Context(), set, passwordSecrets(srv))
		requireKind(t, connerr.HostKey, err)
		require.ErrorContains(t, err, "unknown host key "+srv.HostKeyFingerprint+"; pin it in host_key_fingerprint")
		var hk *sftp.HostKeyError
		require.ErrorAs(t, err, &hk)
		require.Equal(t, srv.HostKeyFingerprint, hk.Seen)
	})
	t.Run("trust on first use", func(t *testing.T) {
		set := settings(srv, path)
		delete(set, "host_key_fingerprint")
		set["trust_on_first_use"] = "true"
		s, err := sftp.Open(t.Context(), set, passwordSecrets(srv))
		require.NoError(t, err)
		t.Cleanup(func() { _ = s.Close() })
		require.Equal(t, srv.HostKeyFingerprint, s.(*sftp.SFTP).HostKeyFingerprint())
	})
	t.Run("OnNewHostKey", func(t *testing.T) {
		cfg := config(srv, path)
		cfg.HostKeyFingerprint = ""
		var seen []string
		cfg.OnNewHostKey = func(fp string) error { seen = append(seen, fp); return nil }
		open(t, cfg)
		require.Equal(t, []string{srv.HostKeyFingerprint}, seen)

		refused := errors.New("the user said no")
		cfg.OnNewHostKey = func(string) error { return refused }
		_, err := sftp.New(t.Context(), cfg)
		requireKind(t, connerr.HostKey, err)
		require.ErrorIs(t, err, refused)
	})
}

func TestOpenErrors(t *testing.T) {
	srv := sftptest.New(t)

	t.Run("missing root", func(t *testing.T) {
		_, err := sftp.New(t.Context(), config(srv, "/no/such/folder"))
		requireKind(t, connerr.NotFound, err)
	})
	t.Run("root is a file", func(t *testing.T) {
		require.NoError(t, writeFile(srv.Root, "file", "x"))
		_, err := sftp.New(t.Context(), config(srv, "/file"))
		requireKind(t, connerr.Config, err)
	})
	t.Run("unreachable", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		port := l.Addr().(*net.TCPAddr).Port
		require.NoError(t, l.Close())
		cfg := config(srv, "/")
		cfg.Port = port
		_, err = sftp.New(t.Context(), cfg)
		requireKind(t, connerr.Unreachable, err)
	})
	t.Run("not an SSH server", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		t.Cleanup(func() { _ = l.Close() })
		go func() {
			for {
				c, err := l.Accept()
				if err != nil {
					return
				}
				_, _ = c.Write([]byte("HTTP/1.1 400 Bad Request\r\n\r\n"))
				_ = c.Close()
			}
		}()
		cfg := config(srv, "/")
		cfg.Port = l.Addr().(*net.TCPAddr).Port
		_, err = sftp.New(t.Context(), cfg)
		requireKind(t, connerr.Unreachable, err)
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := sftp.New(ctx, config(srv, "/"))
		require.ErrorIs(t, err, context.Canceled)
	})
}

func TestConfig(t *testing.T) {
	srv := sftptest.New(t)
	for _, tc := range []struct {
		name, field string
		change      func(set map[string]string, sec map[string]vault.Secret)
	}{
		{"no host", "host", func(s map[string]string, _ map[string]vault.Secret) { delete(s, "host") }},
		{"host with port", "host", func(s map[string]string, _ map[string]vault.Secret) { s["host"] = "example.com:22" }},
		{"port not a number", "port", func(s map[string]string, _ map[string]vault.Secret) { s["port"] = "ssh" }},
		{"port out of range", "port", func(s map[string]string, _ map[string]vault.Secret) { s["port"] = "70000" }},
		{"no username", "username", func(s map[string]string, _ map[string]vault.Secret) { delete(s, "username") }},
		{"no path", "path", func(s map[string]string, _ map[string]vault.Secret) { delete(s, "path") }},
		{"md5 fingerprint", "host_key_fingerprint", func(s map[string]string, _ map[string]vault.Secret) {
			s["host_key_fingerprint"] = "MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48"
		}},
		{"no credentials", "password", func(_ map[string]string, sec map[string]vault.Secret) { delete(sec, "password") }},
		{"password in settings", "password", func(s map[string]string, _ map[string]vault.Secret) { s["password"] = "x" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set, sec := settings(srv, "/"), passwordSecrets(srv)
			tc.change(set, sec)
			_, err := sftp.Open(t.Context(), set, sec)
			requireKind(t, connerr.Config, err)
			require.Equal(t, tc.field, err.(*connerr.Error).Op)
		})
	}
}

// TestPasswordNeverInErrors collects the errors of failed connections and operations and looks
// for the password in their text.
func TestPasswordNeverInErrors(t *testing.T) {
	srv := sftptest.New(t)
	const secret = "s3cr3t-that-must-not-leak"
	var errs []error
	collect := func(cfg sftp.Config) {
		_, err := sftp.New(t.Context(), cfg)
		require.Error(t, err)
		errs = append(errs, err)
	}
	cfg := config(srv, newFolder(t, srv))
	cfg.Password = vault.NewSecret(secret)
	collect(cfg) // wrong password
	c := cfg
	c.HostKeyFingerprint = otherFingerprint
	collect(c)
	c = cfg
	c.HostKeyFingerprint = ""
	collect(c)
	c = cfg
	c.Port = 1
	collect(c)
	c = cfg
	c.PrivateKey = vault.NewSecret(secret)
	collect(c)
	c = cfg
	c.PrivateKeyPassphrase = vault.NewSecret(secret)
	pem, err := srv.EncryptedClientKeyPEM("other")
	require.NoError(t, err)
	c.PrivateKey = vault.NewSecret(string(pem))
	collect(c)

	set := settings(srv, "/")
	set["port"] = "1"
	_, err = sftp.Open(t.Context(), set, map[string]vault.Secret{"password": vault.NewSecret(secret)})
	errs = append(errs, err)

	for _, err := range errs {
		require.Error(t, err)
		for _, format := range []string{"%v", "%+v", "%#v"} {
			require.NotContains(t, fmt.Sprintf(format, err), secret)
		}
	}
}

func writeFile(dir, name, content string) error {
	return os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644)
}
