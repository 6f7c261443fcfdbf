package sftp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"path"
	"strings"
	"sync/atomic"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/storage"
)

// tmpPrefix starts the names of files being written; List hides them and keys may not use it.
const tmpPrefix = ".tmp-"

// posixRenameExt is OpenSSH's extension for a rename that replaces the target atomically.
const posixRenameExt = "posix-rename@openssh.com"

// SFTP is a folder on an SSH server.
type SFTP struct {
	ssh         *ssh.Client
	client      *sftp.Client
	root        string
	user        string
	fingerprint string
	// posixRename is cleared when the server refuses the extension it announced.
	posixRename atomic.Bool
}

var _ storage.Storage = (*SFTP)(nil)

// HostKeyFingerprint returns the SHA256 fingerprint of the server's host key, as ssh-keygen -lf
// prints it. After a connection trusted on first use, this is what to pin.
func (s *SFTP) HostKeyFingerprint() string { return s.fingerprint }

// Root returns the root folder on the server, cleaned.
func (s *SFTP) Root() string { return s.root }

// path maps a key to its remote path, rejecting keys that could escape the root or collide with
// temporary files.
func (s *SFTP) path(key string) (string, error) {
	if err := storage.CheckKey(key); err != nil {
		return "", fmt.Errorf("sftp: %w", err)
	}
	if strings.HasPrefix(key, tmpPrefix) || strings.Contains(key, "/"+tmpPrefix) {
		return "", fmt.Errorf("sftp: %w %q: names starting with %s are reserved for partial writes", storage.ErrInvalidKey, key, tmpPrefix)
	}
	return s.remote(key), nil
}

// remote joins a checked key, or "" for the root, to the root.
func (s *SFTP) remote(key string) string {
	if key == "" {
		return s.root
	}
	return path.Join(s.root, key)
}

// Get opens the object for reading. The returned file reads ahead with concurrent requests.
func (s *SFTP) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	p, err := s.path(key)
	if err != nil {
		return nil, err
	}
	op := fmt.Sprintf("sftp get %q", key)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	f, err := s.client.Open(p)
	if err != nil {
		return nil, s.fileError(op, err)
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		_ = f.Close()
		if err != nil {
			return nil, s.fileError(op, err)
		}
		return nil, fmt.Errorf("%s: %w", op, storage.ErrNotFound)
	}
	return f, nil
}

// Stat describes the object.
func (s *SFTP) Stat(ctx context.Context, key string) (storage.Object, error) {
	p, err := s.path(key)
	if err != nil {
		return storage.Object{}, err
	}
	op := fmt.Sprintf("sftp stat %q", key)
	if err := ctx.Err(); err != nil {
		return storage.Object{}, fmt.Errorf("%s: %w", op, err)
	}
	fi, err := s.client.Stat(p)
	if err != nil {
		return storage.Object{}, s.fileError(op, err)
	}
	if !fi.Mode().IsRegular() {
		return storage.Object{}, fmt.Errorf("%s: %w", op, storage.ErrNotFound)
	}
	return storage.Object{Key: key, Size: fi.Size(), ModTime: fi.ModTime()}, nil
}

// Delete removes the object. Emptied folders stay: removing them would race with a concurrent
// Put into the same folder.
func (s *SFTP) Delete(ctx context.Context, key string) error {
	p, err := s.path(key)
	if err != nil {
		return err
	}
	op := fmt.Sprintf("sftp delete %q", key)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	fi, err := s.client.Lstat(p)
	switch {
	case isNotExist(err), err == nil && fi.IsDir():
		return nil
	case err != nil:
		return s.classify(op, err)
	}
	if err := s.client.Remove(p); err != nil && !isNotExist(err) {
		return s.classify(op, err)
	}
	return nil
}

// Close ends the SFTP session and the SSH connection.
func (s *SFTP) Close() error {
	err := s.client.Close()
	if cerr := s.ssh.Close(); err == nil && !errors.Is(cerr, io.EOF) && !errors.Is(cerr, net.ErrClosed) {
		err = cerr
	}
	return err
}

// fileError maps a missing file to ErrNotFound and classifies the rest.
func (s *SFTP) fileError(op string, err error) error {
	if isNotExist(err) {
		return fmt.Errorf("%s: %w", op, storage.ErrNotFound)
	}
	return s.classify(op, err)
}

// classify turns errors that a user can fix into connerr kinds.
func (s *SFTP) classify(op string, err error) error {
	switch code := fxCode(err); {
	case errors.Is(err, fs.ErrPermission) || code == sftp.ErrSSHFxPermissionDenied:
		return connerr.New(connerr.Permission, op, err, fmt.Sprintf("let the user %q write to %s on the server", s.user, s.root))
	case code == sftp.ErrSSHFxNoConnection || code == sftp.ErrSSHFxConnectionLost || errors.Is(err, io.EOF):
		return connerr.New(connerr.Unreachable, op, err, "the connection to the server was lost")
	}
	return fmt.Errorf("%s: %w", op, err)
}

// fxCode returns the SFTP status code of err as one of the sftp.ErrSSHFx* values, or nil when
// err carries none.
func fxCode(err error) error {
	var se *sftp.StatusError
	if errors.As(err, &se) {
		return se.FxCode()
	}
	return nil
}

// isNotExist reports a missing file, whether the client normalised the status or not.
func isNotExist(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || fxCode(err) == sftp.ErrSSHFxNoSuchFile
}
