package execution

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"regexp"
	"strconv"
	"sync/atomic"

	"github.com/dbackup/dbackup/ent"
	entexec "github.com/dbackup/dbackup/ent/execution"
	"github.com/dbackup/dbackup/internal/archive"
	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/dbackup/dbackup/internal/inventory"
	"github.com/dbackup/dbackup/internal/legacy"
	"github.com/dbackup/dbackup/internal/runinfo"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/storage"
)

// ErrChecksum reports a stored object whose SHA-256 differs from the one recorded at backup time.
var ErrChecksum = errors.New("the stored backup's SHA-256 does not match the one recorded when it was made")

// runRestore does a claimed restore run and records its end.
func (s *Service) runRestore(ctx context.Context, exe *ent.Execution, rec *recorder) error {
	err := s.restore(ctx, exe, rec)
	status, msg, code := outcome(ctx, err, rec)
	if status == entexec.StatusSUCCESS {
		rec.logf(runinfo.Info, "restore finished")
	}
	rec.update(func(r *recorder) {
		if status == entexec.StatusSUCCESS {
			r.targets[0].Status = runinfo.TargetDone
		} else {
			r.targets[0].Status, r.targets[0].Error = runinfo.TargetFailed, msg
		}
	})
	return rec.finish(status, msg, code, nil)
}

func (s *Service) restore(ctx context.Context, exe *ent.Execution, rec *recorder) error {
	b, err := exe.QueryRestoredBackup().WithDestination().Only(ctx)
	if err != nil {
		return fail(CodeInvalidBackup, errors.New("the backup record was deleted before the restore started"))
	}
	targetID, err := exe.QuerySource().OnlyID(ctx)
	if err != nil {
		return fail(CodeSource, errors.New("the target source was deleted before the restore started"))
	}
	_, st, err := s.catalog.OpenDestination(ctx, b.Edges.Destination.ID)
	if err != nil {
		return err
	}
	defer st.Close()
	target, src, err := s.catalog.OpenSource(ctx, targetID)
	if err != nil {
		return err
	}
	defer src.Close()
	restorer, ok := src.(source.Restorer)
	if !ok {
		return fail(CodeNotSupported, fmt.Errorf("restores into %s sources are not supported yet", target.Engine))
	}
	info, err := src.Test(ctx)
	switch {
	case err != nil && target.Engine == "sqlite":
		// A SQLite target may be a file the restore is about to create.
		rec.logf(runinfo.Info, "target file %s cannot be opened yet (%v); the restore creates it", target.Database, err)
	case err != nil:
		return fail(CodeSource, fmt.Errorf("connect to target source %q: %w", target.Name, err))
	}
	rec.logf(runinfo.Info, "target %q runs %s; the backup was made from %s", target.Name, info.Version, orUnknown(b.ServerVersion))
	if w := versionWarning(b.ServerVersion, info.Version); w != "" {
		rec.logf(runinfo.Warn, "%s", w)
	}

	if inventory.IsLegacy(b) {
		return s.restoreLegacy(ctx, exe, b, st, target, restorer, rec)
	}

	rec.setPhase("verifying")
	rec.logf(runinfo.Info, "verifying %s (%s) before touching the target", b.ObjectKey, humanBytes(b.Size))
	manifest, err := s.readBackup(ctx, st, b, rec, nil, nil)
	if err != nil {
		return err
	}
	rec.logf(runinfo.Info, "verified: SHA-256 matches%s", map[bool]string{true: ", every chunk authenticated", false: ""}[b.Encrypted])

	rec.setPhase("restoring")
	mapping := exe.DatabaseMapping
	_, err = s.readBackup(ctx, st, b, rec, manifest, func(db, format string, r io.Reader) error {
		to := mapping[db]
		if to == "" {
			rec.logf(runinfo.Info, "skipping database %s", db)
			_, err := io.Copy(io.Discard, r)
			return err
		}
		rec.logf(runinfo.Info, "restoring database %s into %s", db, to)
		if err := restorer.Restore(ctx, to, r, source.RestoreOptions{Format: format, Create: true}); err != nil {
			return fail(CodeSource, fmt.Errorf("restore %s into %s on %q: %w", db, to, target.Name, err))
		}
		return nil
	})
	return err
}

// applyFunc restores one database's dump read from r.
type applyFunc func(db, format string, r io.Reader) error

// readBackup reads the stored object once from start to end: SHA-256 over the stored bytes,
// decryption with whichever profile holds the header's key id (every chunk authenticated),
// decompression, and the archive's own checks. With apply nil it only verifies and returns the
// archive's manifest; with apply it hands each database's dump to apply as it streams.
func (s *Service) readBackup(ctx context.Context, st storage.Storage, b *ent.Backup, rec *recorder,
	manifest *archive.Manifest, apply applyFunc) (*archive.Manifest, error) {
	rc, err := st.Get(ctx, b.ObjectKey)
	if err != nil {
		return nil, fail(CodeInvalidBackup, fmt.Errorf("read %s: %w", b.ObjectKey, err))
	}
	defer rc.Close()
	var read, applied atomic.Int64
	stop := make(chan struct{})
	defer close(stop)
	go func() { // progress: bytes read from storage and bytes handed to the database
		t := newTicker()
		defer t.Stop()
		for {
			select {
			case <-t.C:
				rec.update(func(r *recorder) { r.targets[0].Bytes, r.dumpBytes = read.Load(), applied.Load() })
			case <-stop:
				rec.update(func(r *recorder) { r.targets[0].Bytes, r.dumpBytes = read.Load(), applied.Load() })
				return
			}
		}
	}()
	h := sha256.New()
	raw := &hashReader{r: rc, h: h, n: &read}
	var plain io.Reader = raw
	if b.Encrypted {
		er, err := encfile.NewReader(raw, s.catalog.KeyLookup(ctx))
		if err != nil {
			return nil, decryptError(err)
		}
		plain = er
	}
	below := &tap{r: plain}
	dc, err := compress.NewReader(below, compress.Algorithm(b.Compression))
	if err != nil {
		if below.err != nil {
			return nil, integrity(below.err)
		}
		return nil, integrity(fmt.Errorf("%w: %v", errDecompress, err))
	}
	defer dc.Close()
	counted := &hashReader{r: &decompressed{r: dc, below: below}, n: &applied}

	var out *archive.Manifest
	if b.Format == archive.Format {
		ar := archive.NewReader(counted)
		for i := 0; ; i++ {
			_, r, err := ar.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, integrity(err)
			}
			if i >= len(b.Databases) {
				return nil, integrity(fmt.Errorf("%w: more databases than recorded", archive.ErrCorrupt))
			}
			if apply == nil {
				_, err = io.Copy(io.Discard, r)
			} else {
				err = apply(b.Databases[i], formatOf(manifest, i), r)
			}
			if err != nil {
				return nil, integrity(err)
			}
		}
		m, err := ar.Manifest()
		if err != nil {
			return nil, integrity(err)
		}
		out = &m
	} else if apply == nil {
		if _, err := io.Copy(io.Discard, counted); err != nil {
			return nil, integrity(err)
		}
	} else if err := apply(firstOf(b.Databases), b.Format, counted); err != nil {
		return nil, integrity(err)
	}
	// Read to the very end: the final chunk's flag and the checksum cover everything.
	if _, err := io.Copy(io.Discard, counted); err != nil {
		return nil, integrity(err)
	}
	if _, err := io.Copy(io.Discard, plain); err != nil {
		return nil, integrity(err)
	}
	if _, err := io.Copy(io.Discard, raw); err != nil {
		return nil, integrity(err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != b.Sha256 {
		return nil, fail(CodeIntegrity, fmt.Errorf("%w (stored %s, recorded %s): the object was changed or damaged; nothing was restored from it", ErrChecksum, got, b.Sha256))
	}
	return out, nil
}

// integrity turns a read failure into the run's failure: failures that already carry a code
// keep it, tampering and corruption are INTEGRITY, and I/O errors pass through.
func integrity(err error) error {
	var rf *runFailure
	if errors.As(err, &rf) {
		return err
	}
	for _, sentinel := range []error{encfile.ErrTampered, encfile.ErrTruncated, encfile.ErrTrailingData,
		encfile.ErrWrongKey, encfile.ErrHeader, encfile.ErrNotEncrypted, encfile.ErrUnsupportedVersion,
		archive.ErrCorrupt, errDecompress, legacy.ErrTampered, legacy.ErrCorrupt} {
		if errors.Is(err, sentinel) {
			return fail(CodeIntegrity, fmt.Errorf("the backup failed verification: %w; the target was not changed by it", err))
		}
	}
	if errors.Is(err, encfile.ErrUnknownKey) {
		return decryptError(err)
	}
	return err
}

// decryptError names the key id a file needs when no profile holds it.
func decryptError(err error) error {
	var uk *encfile.UnknownKeyError
	if errors.As(err, &uk) {
		return fail(CodeUnknownKey, fmt.Errorf("this backup needs the encryption profile key with key id %s, which no profile here holds: import that key under Encryption Profiles → Import, then restore again", uk.KeyID))
	}
	return integrity(err)
}

// errDecompress marks a decompression failure: the data was authentic (or unencrypted) but is
// not a valid stream of its compression.
var errDecompress = errors.New("the backup does not decompress")

// tap remembers the last error of the reader below the decompressor (decryption, I/O), so that
// decompressed can tell those from the decompressor's own errors.
type tap struct {
	r   io.Reader
	err error
}

func (t *tap) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if err != nil && err != io.EOF {
		t.err = err
	}
	return n, err
}

// decompressed passes the decompressor's output on; an error the decompressor made itself (the
// bytes below were fine) is marked errDecompress, one from below is returned as it was.
type decompressed struct {
	r     io.Reader
	below *tap
}

func (d *decompressed) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	if err != nil && err != io.EOF {
		if d.below.err != nil {
			return n, d.below.err
		}
		return n, fmt.Errorf("%w: %v", errDecompress, err)
	}
	return n, err
}

// hashReader hashes (when h is set) and counts what passes through it.
type hashReader struct {
	r io.Reader
	h hash.Hash
	n *atomic.Int64
}

func (h *hashReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	if n > 0 {
		if h.h != nil {
			h.h.Write(p[:n])
		}
		h.n.Add(int64(n))
	}
	return n, err
}

func formatOf(m *archive.Manifest, i int) string {
	if m == nil || i >= len(m.Databases) {
		return ""
	}
	return m.Databases[i].Format
}

func firstOf(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func orUnknown(s string) string {
	if s == "" {
		return "an unknown version"
	}
	return s
}

var majorRE = regexp.MustCompile(`(\d+)\.`)

// versionWarning warns when the target's major version is older than the backup's source: the
// dump may use features the target lacks.
func versionWarning(backupVersion, targetVersion string) string {
	bm, tm := major(backupVersion), major(targetVersion)
	if bm > 0 && tm > 0 && tm < bm {
		return fmt.Sprintf("the target runs an older major version (%s) than the backup was made from (%s); the restore may fail on features the target lacks", targetVersion, backupVersion)
	}
	return ""
}

func major(v string) int {
	m := majorRE.FindStringSubmatch(v)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}
