package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
)

// header starts every SQLite database file. An empty file would also open as an (empty)
// database, so restores check for it.
var header = []byte("SQLite format 3\x00")

// ErrNotDatabase is returned, wrapped, when a backup is not an intact SQLite database.
var ErrNotDatabase = errors.New("not an intact SQLite database")

var _ source.Restorer = (*SQLite)(nil)

// Restore writes the database file r, written by Dump, to the path db. It writes a temporary
// file next to db, checks that it is a SQLite database that passes PRAGMA integrity_check,
// and renames it over db, so that db is either left as it was or wholly replaced. The
// application that uses db should be stopped: its open connections keep the old file, and
// db's -wal, -shm and -journal files, which belong to the old file, are removed.
func (s *SQLite) Restore(ctx context.Context, db string, r io.Reader, opts source.RestoreOptions) error {
	op := "restore sqlite " + db
	if opts.Format != Format {
		return connerr.Newf(connerr.Config, op, "restore it with the engine that wrote it",
			"the backup's format is %q, not %q", opts.Format, Format)
	}
	if !filepath.IsAbs(db) {
		return connerr.Newf(connerr.Config, op, "enter the absolute path of the file on the DBackup host",
			"%q is not an absolute path", db)
	}
	mode := fs.FileMode(0o600)
	switch fi, err := os.Stat(db); {
	case err == nil && !fi.Mode().IsRegular():
		return connerr.Newf(connerr.Config, op, "enter the path of the database file itself", "%s is not a regular file", db)
	case err == nil:
		mode = fi.Mode().Perm()
	case errors.Is(err, fs.ErrNotExist) && opts.Create:
	case errors.Is(err, fs.ErrNotExist):
		return connerr.Newf(connerr.NotFound, op, "check the path, or let the restore create the file",
			"no file at %s", db)
	default:
		return source.Classify(ctx, op, err, nil)
	}

	tmp, err := os.CreateTemp(filepath.Dir(db), "."+filepath.Base(db)+".restore-*")
	if err != nil {
		return classifyFile(ctx, op, err)
	}
	done := false
	defer func() {
		if !done {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := copyContext(ctx, tmp, r); err != nil {
		return source.Classify(ctx, op, err, nil)
	}
	if err := tmp.Chmod(mode); err != nil {
		return classifyFile(ctx, op, err)
	}
	if err := tmp.Sync(); err != nil {
		return classifyFile(ctx, op, err)
	}
	if err := tmp.Close(); err != nil {
		return classifyFile(ctx, op, err)
	}
	if err := verify(ctx, tmp.Name()); err != nil {
		return source.Classify(ctx, op, err, nil)
	}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(db + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return classifyFile(ctx, op, err)
		}
	}
	if err := os.Rename(tmp.Name(), db); err != nil {
		return classifyFile(ctx, op, err)
	}
	done = true
	// The rename is durable once the directory is synced.
	if d, err := os.Open(filepath.Dir(db)); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// verify checks that path is a SQLite database that passes PRAGMA integrity_check.
func verify(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	got := make([]byte, len(header))
	_, err = io.ReadFull(f, got)
	_ = f.Close()
	if err != nil || !bytes.Equal(got, header) {
		return fmt.Errorf("%w: no SQLite header", ErrNotDatabase)
	}
	u := url.URL{Scheme: "file", Path: path, RawQuery: url.Values{"mode": {"ro"}}.Encode()}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("%w: %w", ErrNotDatabase, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("%w: %w", ErrNotDatabase, err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrNotDatabase, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: integrity_check: %q", ErrNotDatabase, problems)
	}
	return nil
}

// classifyFile classifies a failure to write next to the target.
func classifyFile(ctx context.Context, op string, err error) error {
	if errors.Is(err, fs.ErrPermission) {
		return connerr.New(connerr.Permission, op, err, "let the user DBackup runs as write the file and its directory")
	}
	return source.Classify(ctx, op, err, nil)
}
