package mysql

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
)

// restoreTools are the command-line clients in order of preference.
var restoreTools = []string{"mariadb", "mysql"}

var _ source.Restorer = (*MySQL)(nil)

// restoreArgs are the client's arguments after the option file: the script runs in database
// db in the character set it was dumped in.
func restoreArgs(db string) []string {
	return []string{"--default-character-set=utf8mb4", "--database=" + db}
}

// Restore feeds the SQL script r, written by Dump, to the mariadb (else mysql) client in
// database db, which opts.Create creates first when missing.
func (m *MySQL) Restore(ctx context.Context, db string, r io.Reader, opts source.RestoreOptions) error {
	op := "restore " + m.name + " database " + db + " on " + m.addr
	if opts.Format != Format {
		return connerr.Newf(connerr.Config, op, "restore it with the engine that wrote it",
			"the backup's format is %q, not %q", opts.Format, Format)
	}
	if err := checkName(op, db); err != nil {
		return err
	}
	tool, err := findClient(ctx, restoreTools...)
	if err != nil {
		return source.Classify(ctx, op, err, nil)
	}
	if opts.Create {
		if _, err := m.db.ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS "+quoteIdent(db)); err != nil {
			return source.Classify(ctx, op, err, classify)
		}
	}
	optFile, remove, err := m.optionFile(tool)
	if err != nil {
		return source.Classify(ctx, op, err, nil)
	}
	defer remove()

	// A failed read kills the client through this context before its input is closed, so that
	// it does not take a truncated script for a complete one.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := command(ctx, tool, optFile, restoreArgs(db)...)
	stderr := &tail{}
	cmd.Stderr = stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return source.Classify(ctx, op, err, nil)
	}
	if err := cmd.Start(); err != nil {
		return source.Classify(ctx, op, fmt.Errorf("start %s: %w", tool.path, err), nil)
	}
	_, copyErr := io.Copy(stdin, reader{r})
	var readErr *readError
	if errors.As(copyErr, &readErr) {
		cancel()
	}
	_ = stdin.Close()
	waitErr := cmd.Wait()
	switch {
	case readErr != nil:
		return fmt.Errorf("%s: read backup: %w", op, readErr.err)
	case waitErr != nil:
		return m.toolError(ctx, op, waitErr, stderr)
	case copyErr != nil:
		return source.Classify(ctx, op, copyErr, nil)
	}
	return nil
}

// readError tells a failure of the backup's reader from the client closing its input.
type readError struct{ err error }

func (e *readError) Error() string { return e.err.Error() }
func (e *readError) Unwrap() error { return e.err }

// reader marks the errors of the reader it wraps, other than io.EOF, as *readError.
type reader struct{ r io.Reader }

func (r reader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		err = &readError{err}
	}
	return n, err
}
