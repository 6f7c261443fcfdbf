package sftp

import (
	"context"
	"fmt"
	"path"

	"github.com/dbackup/dbackup/internal/storage"
)

var _ storage.PartialRemover = (*SFTP)(nil)

// RemovePartial removes the temporary files that Puts of key killed with the process (or cut off
// by a lost connection) left in the key's folder. The file under key itself and the temporary
// files of other keys stay.
func (s *SFTP) RemovePartial(ctx context.Context, key string) error {
	p, err := s.path(key)
	if err != nil {
		return err
	}
	op := fmt.Sprintf("sftp remove partial %q", key)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	dir, base := path.Dir(p), path.Base(p)
	entries, err := s.client.ReadDirContext(ctx, dir)
	if err != nil {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		// A folder that is missing or is a file holds no leftovers; servers differ on the status
		// they give for a file.
		if fi, serr := s.client.Stat(dir); isNotExist(serr) || (serr == nil && !fi.IsDir()) {
			return nil
		}
		return s.classify(op, err)
	}
	for _, e := range entries {
		if !e.Mode().IsRegular() || !isTmpOf(e.Name(), base) {
			continue
		}
		if err := s.client.Remove(path.Join(dir, e.Name())); err != nil && !isNotExist(err) {
			return s.classify(op, err)
		}
	}
	return nil
}
