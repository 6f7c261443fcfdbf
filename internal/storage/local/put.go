package local

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dbackup/dbackup/internal/storage"
)

// Put writes r to a temporary file next to the key's file, fsyncs it and renames it over the key,
// so that the object appears complete or not at all.
func (l *Local) Put(ctx context.Context, key string, r io.Reader, size int64) (err error) {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	op := fmt.Sprintf("local put %q", key)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return classify(op, err)
	}
	// O_EXCL: a name already taken fails the Put rather than mixing two writers in one file.
	f, err := os.OpenFile(filepath.Join(dir, tmpName(filepath.Base(p))), os.O_RDWR|os.O_CREATE|os.O_EXCL, fileMode)
	if err != nil {
		return classify(op, err)
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	n, err := io.Copy(f, storage.ContextReader(ctx, r))
	if err != nil {
		return classify(op, err)
	}
	if size >= 0 && n != size {
		return fmt.Errorf("%s: read %d bytes, expected %d", op, n, size)
	}
	if err := f.Sync(); err != nil {
		return classify(op, err)
	}
	if err := f.Close(); err != nil {
		return classify(op, err)
	}
	if err := os.Rename(f.Name(), p); err != nil {
		return classify(op, err)
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable, best effort: some file systems cannot sync folders, and
// the data itself is already synced.
func syncDir(dir string) error {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}
