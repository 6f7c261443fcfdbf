package sftp

import (
	"context"
	"fmt"
	"strings"

	"github.com/dbackup/dbackup/internal/storage"
)

// List walks only the folders that can hold keys starting with prefix, skipping temporary files.
// Symbolic links are not followed.
func (s *SFTP) List(ctx context.Context, prefix string, fn func(storage.Object) error) error {
	if err := storage.CheckPrefix(prefix); err != nil {
		return fmt.Errorf("sftp: %w", err)
	}
	// Start at the deepest folder named in full by prefix: "a/b/c" starts at a/b.
	start := ""
	if i := strings.LastIndex(prefix, "/"); i >= 0 {
		start = prefix[:i]
	}
	return s.walk(ctx, start, prefix, fn)
}

// walk lists the folder of key dir ("" for the root) and descends into matching subfolders.
func (s *SFTP) walk(ctx context.Context, dir, prefix string, fn func(storage.Object) error) error {
	op := fmt.Sprintf("sftp list %q", prefix)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	entries, err := s.client.ReadDirContext(ctx, s.remote(dir))
	if err != nil {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		// A folder that is missing, vanished under the walk or is a file holds no keys; servers
		// differ on the status they give for a file.
		if fi, serr := s.client.Stat(s.remote(dir)); isNotExist(serr) || (serr == nil && !fi.IsDir()) {
			return nil
		}
		return s.classify(op, err)
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, tmpPrefix) {
			continue
		}
		key := name
		if dir != "" {
			key = dir + "/" + name
		}
		switch {
		case e.IsDir():
			if strings.HasPrefix(key+"/", prefix) || strings.HasPrefix(prefix, key+"/") {
				if err := s.walk(ctx, key, prefix, fn); err != nil {
					return err
				}
			}
		case e.Mode().IsRegular() && strings.HasPrefix(key, prefix):
			if err := fn(storage.Object{Key: key, Size: e.Size(), ModTime: e.ModTime()}); err != nil {
				return err
			}
		}
	}
	return nil
}
