package execution

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/inventory"
	"github.com/dbackup/dbackup/internal/legacy"
	"github.com/dbackup/dbackup/internal/runinfo"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/source/mysql"
	"github.com/dbackup/dbackup/internal/source/postgres"
	"github.com/dbackup/dbackup/internal/source/redis"
	"github.com/dbackup/dbackup/internal/source/sqlite"
	"github.com/dbackup/dbackup/internal/storage"
)

// legacyHoldBack is how many bytes at the end of a seed backup's decompressed stream the
// restore holds back until the whole-file GCM tag has been checked at the end of the
// decryption: a tool that does not read to the end of its input (pg_restore stops after the
// last data block) must still wait for the tag before it can finish and commit. 64 KiB covers a
// tar's end-of-archive blocks and a custom archive's last block terminator many times over.
const legacyHoldBack = 64 << 10

// legacySniffSize is how many bytes of a dump tell its format ("PGDMP", "SQLite format 3").
const legacySniffSize = 16

// msgLegacyDecrypt points to the offline route for what a restore cannot take.
const msgLegacyDecrypt = "download it decrypted (or run `dbackup decrypt FILE --key-file KEY` on a copy of the file and its " +
	".meta.json) and restore the dump with the engine's own tools"

// legacyEngines are the engines whose seed backups a restore takes; each dump is checked again
// when it starts (legacyFormat).
var legacyEngines = map[string]bool{"postgres": true, "mysql": true, "mariadb": true, "sqlite": true, "redis": true}

// restoreLegacy restores a seed backup (inventory.IsLegacy) in two passes, as for DBackup's own:
// verifying reads the whole object to find the profile key whose GCM tag verifies (and checks
// the sidecar's checksum), and nothing reaches the target before that; restoring decrypts,
// decompresses and streams each dump into the target, checking the tag again at the end.
func (s *Service) restoreLegacy(ctx context.Context, exe *ent.Execution, b *ent.Backup, st storage.Storage,
	target *ent.Source, restorer source.Restorer, rec *recorder) error {
	if !legacyEngines[b.Engine] {
		return fail(CodeNotSupported, fmt.Errorf("restoring the seed product's %s backups is not supported: %s", b.Engine, msgLegacyDecrypt))
	}
	m, err := inventory.ReadLegacyMeta(ctx, st, b.ObjectKey)
	if err != nil {
		return fail(CodeInvalidBackup, err)
	}
	read, applied, stop := s.progress(rec)
	defer stop()
	count := func(r io.Reader) io.Reader { return &hashReader{r: r, n: read} }

	rec.setPhase("verifying")
	rec.logf(runinfo.Info, "verifying seed backup %s (%s) before touching the target", b.ObjectKey, humanBytes(b.Size))
	var key []byte
	if m.Encrypted {
		rec.logf(runinfo.Info, "its sidecar names no key id: each Encryption Profile's key is tried, one full read each")
		k, err := inventory.FindLegacyKey(ctx, s.catalog, st, b.ObjectKey, m, count)
		if err != nil {
			return legacyFailure(err)
		}
		key = k.Key[:]
		rec.logf(runinfo.Info, "verified: the authentication tag matches under encryption profile %q", k.ProfileName)
	} else if b.Sha256 != "" {
		if err := checkSHA256(ctx, st, b, count); err != nil {
			return err
		}
		rec.logf(runinfo.Info, "verified: SHA-256 matches the sidecar's checksum")
	} else {
		rec.logf(runinfo.Warn, "this seed backup is neither encrypted nor checksummed: nothing verifies it before it is applied")
	}

	rec.setPhase("restoring")
	read.Store(0)
	rc, err := st.Get(ctx, b.ObjectKey)
	if err != nil {
		return fail(CodeInvalidBackup, fmt.Errorf("read %s: %w", b.ObjectKey, err))
	}
	defer rc.Close()
	h := sha256.New()
	raw := &hashReader{r: rc, h: h, n: read}
	var plain io.Reader = raw
	if m.Encrypted {
		if plain, err = legacy.Decrypt(raw, key, m); err != nil {
			return integrity(err)
		}
	}
	below := &tap{r: plain}
	dc, err := legacy.Decompress(below, string(b.Compression))
	if err != nil {
		return integrity(fmt.Errorf("%w: %v", errDecompress, err))
	}
	defer dc.Close()
	final := &authTail{r: &hashReader{r: &decompressed{r: dc, below: below}, n: applied}, finish: func() error {
		_, err := io.Copy(io.Discard, below) // to the end of the decryption, where the tag is checked
		return err
	}}
	mapping := exe.DatabaseMapping
	apply := func(db string, r io.Reader) error {
		to, ok := mapping[db]
		switch {
		case !ok:
			return fail(CodeInvalidBackup, fmt.Errorf("the archive holds database %q, which its sidecar does not list; nothing more was restored", db))
		case to == "":
			rec.logf(runinfo.Info, "skipping database %s", db)
			_, err := io.Copy(io.Discard, r)
			return err
		}
		br := bufio.NewReaderSize(r, 64<<10)
		head, err := br.Peek(legacySniffSize)
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		format, err := legacyFormat(b.Engine, head)
		if err != nil {
			return err
		}
		rec.logf(runinfo.Info, "restoring database %s into %s (%s)", db, to, format)
		if err := restorer.Restore(ctx, to, br, source.RestoreOptions{Format: format, Create: true}); err != nil {
			if isLegacyIntegrity(err) {
				return err
			}
			return fail(CodeSource, fmt.Errorf("restore %s into %s on %q: %w", db, to, target.Name, err))
		}
		return nil
	}
	if b.Format == inventory.FormatLegacyTar {
		ar := legacy.NewArchiveReader(final)
		for {
			d, r, err := ar.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return integrity(err)
			}
			if err := apply(d.Name, r); err != nil {
				return integrity(err)
			}
		}
	} else if err := apply(firstOf(b.Databases), final); err != nil {
		return integrity(err)
	}
	for _, r := range []io.Reader{final, raw} { // the tag and the checksum cover everything
		if _, err := io.Copy(io.Discard, r); err != nil {
			return integrity(err)
		}
	}
	if got := hex.EncodeToString(h.Sum(nil)); b.Sha256 != "" && got != b.Sha256 {
		return fail(CodeIntegrity, fmt.Errorf("%w (stored %s, recorded %s): the object changed during the restore", ErrChecksum, got, b.Sha256))
	}
	return nil
}

// legacyFormat tells the restore format of one seed dump from its first bytes.
func legacyFormat(engine string, head []byte) (string, error) {
	switch engine {
	case "postgres":
		// The seed ran `pg_dump -f FILE db`, a plain SQL script; a custom archive starts "PGDMP".
		if bytes.HasPrefix(head, []byte("PGDMP")) {
			return postgres.FormatCustom, nil
		}
		return postgres.FormatPlain, nil
	case "mysql", "mariadb":
		return mysql.Format, nil
	case "sqlite":
		if bytes.HasPrefix(head, []byte("SQLite format 3\x00")) {
			return sqlite.Format, nil
		}
		return "", fail(CodeNotSupported, fmt.Errorf("this seed SQLite backup is an SQL script, not a database file, which a restore does not take: %s", msgLegacyDecrypt))
	case "redis":
		if bytes.HasPrefix(head, []byte("REDIS")) {
			return redis.FormatRDB, nil
		}
		return "", fail(CodeNotSupported, fmt.Errorf("this seed Redis backup is not an RDB snapshot: %s", msgLegacyDecrypt))
	}
	return "", fail(CodeNotSupported, fmt.Errorf("restoring the seed product's %s backups is not supported: %s", engine, msgLegacyDecrypt))
}

// legacyFailure gives a failed key search its code.
func legacyFailure(err error) error {
	var le *inventory.LegacyError
	if errors.As(err, &le) {
		if le.Code == inventory.CodeIntegrity {
			return fail(CodeIntegrity, fmt.Errorf("the backup failed verification: %w; the target was not changed by it", le.Err))
		}
		return fail(le.Code, le.Err)
	}
	var rf *runFailure
	if errors.As(err, &rf) {
		return err
	}
	if errors.Is(err, legacy.ErrMeta) {
		return fail(CodeInvalidBackup, err)
	}
	return integrity(err)
}

// isLegacyIntegrity reports a restore that failed because its input failed authentication or
// decompression, not because of the target.
func isLegacyIntegrity(err error) bool {
	for _, sentinel := range []error{legacy.ErrTampered, legacy.ErrCorrupt, errDecompress} {
		if errors.Is(err, sentinel) {
			return true
		}
	}
	return false
}

// checkSHA256 reads the object once and compares its SHA-256 with the recorded one.
func checkSHA256(ctx context.Context, st storage.Storage, b *ent.Backup, wrap func(io.Reader) io.Reader) error {
	rc, err := st.Get(ctx, b.ObjectKey)
	if err != nil {
		return fail(CodeInvalidBackup, fmt.Errorf("read %s: %w", b.ObjectKey, err))
	}
	defer rc.Close()
	h := sha256.New()
	if _, err := io.Copy(h, wrap(rc)); err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != b.Sha256 {
		return fail(CodeIntegrity, fmt.Errorf("%w (stored %s, recorded %s): the object was changed or damaged; nothing was restored from it", ErrChecksum, got, b.Sha256))
	}
	return nil
}

// progress reports the bytes read from storage and handed to the database once a tick until
// stop is called.
func (s *Service) progress(rec *recorder) (read, applied *atomic.Int64, stop func()) {
	read, applied = new(atomic.Int64), new(atomic.Int64)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := newTicker()
		defer t.Stop()
		for {
			select {
			case <-t.C:
			case <-done:
				rec.update(func(r *recorder) { r.targets[0].Bytes, r.dumpBytes = read.Load(), applied.Load() })
				return
			}
			rec.update(func(r *recorder) { r.targets[0].Bytes, r.dumpBytes = read.Load(), applied.Load() })
		}
	}()
	return read, applied, func() { close(done); <-finished }
}

// authTail passes r on but holds back its last legacyHoldBack bytes until r has ended and finish,
// which reads the decryption to its end where the tag is checked, succeeded. A tool restoring
// from it therefore cannot see the end of a dump whose tag does not match; it gets finish's
// error instead (and is killed, see source/postgres).
type authTail struct {
	r      io.Reader
	finish func() error
	buf    []byte // read from r, not yet passed on
	tmp    []byte
	done   bool
	err    error
}

func (a *authTail) Read(p []byte) (int, error) {
	for {
		switch {
		case len(p) == 0:
			return 0, nil
		case a.err != nil:
			return 0, a.err
		case a.done && len(a.buf) == 0:
			return 0, io.EOF
		case a.done:
			n := copy(p, a.buf)
			a.buf = a.buf[n:]
			return n, nil
		case len(a.buf) > legacyHoldBack:
			n := copy(p, a.buf[:len(a.buf)-legacyHoldBack])
			a.buf = a.buf[n:]
			return n, nil
		}
		if a.tmp == nil {
			a.tmp = make([]byte, 32<<10)
		}
		n, err := a.r.Read(a.tmp)
		a.buf = append(a.buf, a.tmp[:n]...)
		switch {
		case errors.Is(err, io.EOF):
			if ferr := a.finish(); ferr != nil {
				a.err = ferr
			} else {
				a.done = true
			}
		case err != nil:
			a.err = err
		}
	}
}
