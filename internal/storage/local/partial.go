package local

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"unicode/utf8"

	"github.com/dbackup/dbackup/internal/storage"
)

// tmpRandomBytes makes temporary names unique among concurrent Puts of the same key.
const tmpRandomBytes = 8

// maxNameLen is the longest file name most file systems accept, in bytes; the key's part of a
// temporary name is cut to fit it.
const maxNameLen = 255

var _ storage.PartialRemover = (*Local)(nil)

// tmpName returns ".tmp-<random>-<base>" for a Put of a file named base, so that RemovePartial
// can find the leftovers of that key without touching those of other keys in the folder.
func tmpName(base string) string {
	b := make([]byte, tmpRandomBytes)
	_, _ = rand.Read(b)
	return tmpPrefix + hex.EncodeToString(b) + "-" + tmpBase(base)
}

// tmpBase cuts base on a character boundary so that a temporary name stays within maxNameLen.
// Keys whose file names share their first ~230 bytes thus share temporary names, an accepted
// ambiguity: such names exceed what the file system would hold once the random part is added.
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
	if len(name) < len(tmpPrefix)+randLen+1 || name[:len(tmpPrefix)] != tmpPrefix {
		return false
	}
	rest := name[len(tmpPrefix):]
	if _, err := hex.DecodeString(rest[:randLen]); err != nil || rest[randLen] != '-' {
		return false
	}
	return rest[randLen+1:] == tmpBase(base)
}

// RemovePartial removes the temporary files that Puts of key killed with the process left in the
// key's folder. The file under key itself and the temporary files of other keys stay.
func (l *Local) RemovePartial(ctx context.Context, key string) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	op := fmt.Sprintf("local remove partial %q", key)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	dir, base := filepath.Dir(p), filepath.Base(p)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return nil // no folder, no leftovers
	}
	if err != nil {
		return classify(op, err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !isTmpOf(e.Name(), base) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return classify(op, err)
		}
	}
	return nil
}
