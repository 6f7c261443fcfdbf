package sftp

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/pkg/sftp"

	"github.com/dbackup/dbackup/internal/storage"
)

// fileMode is what Put sets on new files: backups hold whole databases.
const fileMode os.FileMode = 0o600

// maxNameLen is the longest file name most servers' file systems accept, in bytes; temporary
// names are cut to it.
const maxNameLen = 255

// tmpRandomBytes makes temporary names unique among concurrent Puts of the same key.
const tmpRandomBytes = 8

// Put streams r into a temporary file next to the key's file and renames it over the key, so
// that the object appears complete or not at all. The temporary file is removed on failure or
// cancellation.
func (s *SFTP) Put(ctx context.Context, key string, r io.Reader, size int64) (err error) {
	p, err := s.path(key)
	if err != nil {
		return err
	}
	op := fmt.Sprintf("sftp put %q", key)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	dir := path.Dir(p)
	if err := s.client.MkdirAll(dir); err != nil {
		return s.classify(op, err)
	}
	tmp := path.Join(dir, tmpName(path.Base(p)))
	f, err := s.client.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL)
	if err != nil {
		return s.classify(op, err)
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = s.client.Remove(tmp)
		}
	}()
	// Best effort: some servers (Windows, cloud gateways) refuse modes, and the folder's
	// permissions still protect the file there.
	_ = f.Chmod(fileMode)

	if size >= 0 {
		// One byte more than declared, so that a longer reader is caught without reading it all.
		r = io.LimitReader(r, size+1)
	}
	src := storage.ContextReader(ctx, r)
	n, err := f.ReadFromWithConcurrency(src, 0)
	if err != nil {
		return s.classify(op, err)
	}
	if size >= 0 && n != size {
		return fmt.Errorf("%s: read %d bytes, expected %d", op, n, size)
	}
	if err := f.Close(); err != nil {
		return s.classify(op, err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if err := s.rename(tmp, p); err != nil {
		return s.classify(op, err)
	}
	return nil
}

// rename moves tmp over p: atomically with posix-rename@openssh.com, else by removing p first,
// since SSH_FXP_RENAME refuses to replace an existing file on most servers.
func (s *SFTP) rename(tmp, p string) error {
	if s.posixRename.Load() {
		err := s.client.PosixRename(tmp, p)
		if fxCode(err) != sftp.ErrSSHFxOpUnsupported {
			return err
		}
		s.posixRename.Store(false)
	}
	if err := s.client.Remove(p); err != nil && !isNotExist(err) {
		return err
	}
	return s.client.Rename(tmp, p)
}

// tmpName returns ".tmp-<random>-<base>", cut to maxNameLen bytes on a character boundary, so
// that RemovePartial can tell the leftovers of one key from those of others in the folder.
func tmpName(base string) string {
	b := make([]byte, tmpRandomBytes)
	_, _ = rand.Read(b)
	return tmpPrefix + hex.EncodeToString(b) + "-" + tmpBase(base)
}

// tmpBase cuts base on a character boundary so that a temporary name stays within maxNameLen.
// Keys whose file names share their first ~230 bytes thus share temporary names, an accepted
// ambiguity.
func tmpBase(base string) string {
	limit := maxNameLen - len(tmpPrefix) - 2*tmpRandomBytes - 1
	for len(base) > limit {
		_, size := utf8.DecodeLastRuneInString(base)
		base = base[:len(base)-size]
	}
	return base
}

// isTmpOf reports whether name is a temporary name that tmpName made for base.
func isTmpOf(name, base string) bool {
	const randLen = 2 * tmpRandomBytes
	rest, ok := strings.CutPrefix(name, tmpPrefix)
	if !ok || len(rest) < randLen+1 {
		return false
	}
	if _, err := hex.DecodeString(rest[:randLen]); err != nil || rest[randLen] != '-' {
		return false
	}
	return rest[randLen+1:] == tmpBase(base)
}
