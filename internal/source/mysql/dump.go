package mysql

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/dbackup/dbackup/internal/source"
)

// Format is the DumpInfo.Format of this engine's dumps: the SQL script of mysqldump or
// mariadb-dump.
const Format = "mysqldump-sql"

// dumpTools are the dump tools in order of preference; MariaDB's still installs mysqldump as a
// link, MySQL's only has that name.
var dumpTools = []string{"mariadb-dump", "mysqldump"}

var _ source.Dumper = (*MySQL)(nil)

// dumpArgs are the dump tool's arguments after the option file: a consistent snapshot of
// InnoDB tables without locking them, with the schema's code, binary columns in hex so the
// script survives any character set handling, and no tablespaces, which need the PROCESS
// privilege and belong to the server rather than the database.
func dumpArgs(db string) []string {
	return []string{
		"--single-transaction", "--routines", "--triggers", "--events", "--hex-blob",
		"--no-tablespaces", "--default-character-set=utf8mb4", db,
	}
}

// Dump streams mariadb-dump's (else mysqldump's) SQL script of database db to w.
func (m *MySQL) Dump(ctx context.Context, db string, w io.Writer) (source.DumpInfo, error) {
	op := "dump " + m.name + " database " + db + " from " + m.addr
	if err := checkName(op, db); err != nil {
		return source.DumpInfo{}, err
	}
	info := source.DumpInfo{Format: Format}
	var version string
	if err := m.db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
		return info, source.Classify(ctx, op, err, classify)
	}
	info.ServerVersion = product(version) + " " + version
	tool, err := findClient(ctx, dumpTools...)
	if err != nil {
		return info, source.Classify(ctx, op, err, nil)
	}
	info.ToolVersion = tool.version
	optFile, remove, err := m.optionFile(tool)
	if err != nil {
		return info, source.Classify(ctx, op, err, nil)
	}
	defer remove()

	// A failed write kills the tool through this context rather than leaving it blocked on a
	// full pipe.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := command(ctx, tool, optFile, dumpArgs(db)...)
	stderr := &tail{}
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return info, source.Classify(ctx, op, err, nil)
	}
	if err := cmd.Start(); err != nil {
		return info, source.Classify(ctx, op, fmt.Errorf("start %s: %w", tool.path, err), nil)
	}
	_, copyErr := io.Copy(writer{w}, stdout)
	if copyErr != nil {
		cancel()
	}
	waitErr := cmd.Wait()
	var writeErr *writeError
	switch {
	case copyErr != nil && errors.As(copyErr, &writeErr):
		return info, fmt.Errorf("%s: write: %w", op, writeErr.err)
	case waitErr != nil:
		return info, m.toolError(ctx, op, waitErr, stderr)
	case copyErr != nil:
		return info, source.Classify(ctx, op, copyErr, nil)
	}
	return info, nil
}

// writeError tells a failure of the destination from a failure reading the tool's output.
type writeError struct{ err error }

func (e *writeError) Error() string { return e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }

// writer marks the errors of the destination it wraps as *writeError.
type writer struct{ w io.Writer }

func (w writer) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	if err != nil {
		err = &writeError{err}
	}
	return n, err
}
