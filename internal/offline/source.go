package offline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"

	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/dbackup/dbackup/internal/legacy"
)

// Options configure DecryptTo and Unpack.
type Options struct {
	// Keys are the profile keys to open encrypted backups with; nil knows none.
	Keys *Keyring
	// Progress reports each pass over the object; nil reports nothing.
	Progress *Progress
	// LegacyInMemoryLimit is passed to legacy.VerifyWith as InMemoryLimit.
	LegacyInMemoryLimit int64
}

// source is one pass over a stored object: the file, hashed and counted as it is read, then
// decrypted and decompressed.
type source struct {
	b     *Backup
	f     *os.File
	in    *countingReader
	hash  hash.Hash
	plain io.Reader     // decrypted, still compressed
	z     io.ReadCloser // the content
	opts  Options
}

// open starts the pass that produces the content. A legacy file is verified first, in a pass
// of its own that produces nothing (legacyKey).
func (b *Backup) open(ctx context.Context, opts Options) (*source, error) {
	if b.ExpectedSize >= 0 && b.ExpectedSize != b.Size {
		return nil, fmt.Errorf("%w: %s is %d bytes, its sidecar says %d", ErrChecksum, b.Path, b.Size, b.ExpectedSize)
	}
	var legacyKey []byte
	if b.Kind == Legacy {
		k, err := b.legacyKey(ctx, opts)
		if err != nil {
			return nil, err
		}
		legacyKey = k
	}
	s := &source{b: b, hash: sha256.New(), opts: opts}
	f, err := os.Open(b.Path)
	if err != nil {
		return nil, err
	}
	s.f = f
	s.in = &countingReader{r: io.TeeReader(f, s.hash), tick: opts.Progress.Add, done: ctx.Err}
	opts.Progress.Start("restoring "+filepath.Base(b.Path), b.Size)
	if err := s.decrypt(legacyKey); err != nil {
		s.close(err)
		return nil, err
	}
	if s.z, err = compress.NewReader(s.plain, compress.Algorithm(b.Compression)); err != nil {
		s.close(err)
		return nil, fmt.Errorf("%s: %w", b.Path, err)
	}
	return s, nil
}

func (s *source) decrypt(legacyKey []byte) error {
	switch s.b.Kind {
	case Encrypted:
		var wraps []encfile.Wrap
		if sc := s.b.Sidecar; sc != nil && sc.Encryption != nil {
			wraps = sc.Encryption.Wraps
		}
		r, err := encfile.NewReader(s.in, s.opts.Keys, wraps...)
		if err != nil {
			return err
		}
		s.plain = r
	case Legacy:
		r, err := legacy.Decrypt(s.in, legacyKey, s.b.Legacy)
		if err != nil {
			return err
		}
		s.plain = r
	default:
		s.plain = s.in
	}
	return nil
}

// finish reads what the decompressor left, which authenticates the rest of the file, and
// checks the stored bytes against the sidecar. Only when it returns nil is the content good.
func (s *source) finish() error {
	if _, err := io.Copy(io.Discard, s.plain); err != nil {
		return err
	}
	if err := s.checkDigest(); err != nil {
		return err
	}
	s.opts.Progress.Done(nil)
	return nil
}

func (s *source) checkDigest() error {
	b := s.b
	if b.ExpectedSize >= 0 && s.in.n != b.ExpectedSize {
		return fmt.Errorf("%w: read %d bytes of %s, its sidecar says %d", ErrChecksum, s.in.n, b.Path, b.ExpectedSize)
	}
	if b.SHA256 != "" {
		if got := hex.EncodeToString(s.hash.Sum(nil)); got != b.SHA256 {
			return fmt.Errorf("%w: %s has SHA-256 %s, its sidecar says %s", ErrChecksum, b.Path, got, b.SHA256)
		}
	}
	return nil
}

// close releases the pass; err is its outcome for the progress report.
func (s *source) close(err error) {
	if s.z != nil {
		s.z.Close()
	}
	s.f.Close()
	if err != nil {
		s.opts.Progress.Done(err)
	}
}

// legacyKey is the first pass over a legacy file: it checks the SHA-256 recorded by the seed
// and the GCM tag without producing any plaintext, trying the profile's keys first and then the
// others, and returns the key that verifies.
func (b *Backup) legacyKey(ctx context.Context, opts Options) ([]byte, error) {
	cands := opts.Keys.Candidates(b.ProfileID)
	if len(cands) == 0 {
		return nil, &NoLegacyKeyError{ProfileID: b.ProfileID}
	}
	for i, k := range cands {
		err := b.verifyLegacy(ctx, opts, k, i == 0)
		switch {
		case err == nil:
			return k.Key[:], nil
		case !errors.Is(err, legacy.ErrTampered):
			return nil, err
		}
	}
	return nil, fmt.Errorf("%s: %w (tried %d keys)", b.Path, legacy.ErrTampered, len(cands))
}

func (b *Backup) verifyLegacy(ctx context.Context, opts Options, k Key, first bool) error {
	f, err := os.Open(b.Path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	in := &countingReader{r: io.TeeReader(f, h), tick: opts.Progress.Add, done: ctx.Err}
	opts.Progress.Start("verifying "+filepath.Base(b.Path)+" with key "+k.KeyID, b.Size)
	err = legacy.VerifyWith(in, k.Key[:], b.Legacy, legacy.Options{InMemoryLimit: opts.LegacyInMemoryLimit})
	if first && b.SHA256 != "" && (err == nil || errors.Is(err, legacy.ErrTampered)) {
		if got := hex.EncodeToString(h.Sum(nil)); got != b.SHA256 {
			err = fmt.Errorf("%w: %s has SHA-256 %s, its sidecar says %s", ErrChecksum, b.Path, got, b.SHA256)
		}
	}
	opts.Progress.Done(err)
	return err
}
