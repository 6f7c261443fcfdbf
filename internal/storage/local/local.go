package local

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/storage"
)

// Modes of what Put creates: only the DBackup user may read backups.
const (
	dirMode  os.FileMode = 0o700
	fileMode os.FileMode = 0o600
)

// tmpPrefix starts the names of files being written; List hides them and keys may not use it.
const tmpPrefix = ".tmp-"

// Local is a folder on this host.
type Local struct {
	root string
}

var _ storage.Storage = (*Local)(nil)

// Config is the settings of a Local storage.
type Config struct {
	// Path is the absolute path of an existing folder.
	Path string
}

// Validate checks the settings without touching the disk.
func (c Config) Validate() error {
	switch {
	case c.Path == "":
		return storage.ConfigError("path", "enter the absolute path of a folder on the DBackup host", "path is required")
	case !filepath.IsAbs(c.Path):
		return storage.ConfigError("path", "enter an absolute path, such as /var/backups/dbackup", "path %q is relative", c.Path)
	}
	return nil
}

// New opens the folder cfg.Path, which must exist: a missing folder more likely means an
// unmounted share than a folder to create on the system disk.
func New(cfg Config) (*Local, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	root := filepath.Clean(cfg.Path)
	fi, err := os.Stat(root)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, connerr.New(connerr.NotFound, "open folder "+root, err, "create the folder, or mount the share it lives on")
	case err != nil:
		return nil, classify("open folder "+root, err)
	case !fi.IsDir():
		return nil, connerr.Newf(connerr.Config, "path", "enter the path of a folder", "%s is not a folder", root)
	}
	return &Local{root: root}, nil
}

// Root returns the folder's absolute path.
func (l *Local) Root() string { return l.root }

// path maps a key to its file, rejecting keys that could escape the root or collide with
// temporary files.
func (l *Local) path(key string) (string, error) {
	if err := storage.CheckKey(key); err != nil {
		return "", fmt.Errorf("local: %w", err)
	}
	if strings.HasPrefix(key, tmpPrefix) || strings.Contains(key, "/"+tmpPrefix) {
		return "", fmt.Errorf("local: %w %q: names starting with %s are reserved for partial writes", storage.ErrInvalidKey, key, tmpPrefix)
	}
	return filepath.Join(l.root, filepath.FromSlash(key)), nil
}

// Get opens the object for reading.
func (l *Local) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	p, err := l.path(key)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, l.fileError("get", key, err)
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		_ = f.Close()
		return nil, fmt.Errorf("local get %q: %w", key, storage.ErrNotFound)
	}
	return f, nil
}

// Stat describes the object.
func (l *Local) Stat(ctx context.Context, key string) (storage.Object, error) {
	p, err := l.path(key)
	if err != nil {
		return storage.Object{}, err
	}
	if err := ctx.Err(); err != nil {
		return storage.Object{}, err
	}
	fi, err := os.Stat(p)
	if err != nil {
		return storage.Object{}, l.fileError("stat", key, err)
	}
	if !fi.Mode().IsRegular() {
		return storage.Object{}, fmt.Errorf("local stat %q: %w", key, storage.ErrNotFound)
	}
	return storage.Object{Key: key, Size: fi.Size(), ModTime: fi.ModTime()}, nil
}

// Delete removes the object. Emptied folders stay: removing them would race with a concurrent
// Put into the same folder.
func (l *Local) Delete(ctx context.Context, key string) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	fi, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) || (err == nil && fi.IsDir()) {
		return nil
	}
	if err == nil {
		err = os.Remove(p)
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return classify(fmt.Sprintf("local delete %q", key), err)
	}
	return nil
}

// Close does nothing: a folder holds no connection.
func (l *Local) Close() error { return nil }

// fileError maps a missing file (or a file where a folder is expected) to ErrNotFound.
func (l *Local) fileError(op, key string, err error) error {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return fmt.Errorf("local %s %q: %w", op, key, storage.ErrNotFound)
	}
	return classify(fmt.Sprintf("local %s %q", op, key), err)
}

// classify turns file-system errors that a user can fix into connerr kinds.
func classify(op string, err error) error {
	switch {
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return connerr.New(connerr.Permission, op, err, "let the user running DBackup write to the folder")
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return connerr.New(connerr.Other, op, err, "free space on the disk, or raise the quota")
	}
	return fmt.Errorf("%s: %w", op, err)
}
