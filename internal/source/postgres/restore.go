package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
)

// ErrFormat reports a backup whose format this engine cannot restore.
var ErrFormat = errors.New("unsupported backup format")

// FormatPlain is a plain SQL script as `pg_dump` writes it by default (`pg_dump -f FILE db`), the
// format of the seed product's PostgreSQL backups. DBackup never writes it; it restores it.
const FormatPlain = "pg_dump-plain"

// Restore streams r into db, after creating db when opts.Create asks for it: a FormatCustom
// archive through `pg_restore --no-owner --no-privileges --exit-on-error`, a FormatPlain script
// through `psql --set ON_ERROR_STOP=1 --single-transaction`. Objects keep the restoring user as
// owner, because the roles of the source server need not exist here (a plain script's own
// ALTER … OWNER statements are the exception: they fail, and roll the restore back, when the
// role is missing). Either tool is killed, before it sees the end of its input, when reading r
// fails, so a backup that fails authentication or decompression midway is never committed.
func (p *Postgres) Restore(ctx context.Context, db string, r io.Reader, opts source.RestoreOptions) error {
	name := "pg_restore"
	if opts.Format == FormatPlain {
		name = "psql"
	}
	op := name + " " + db + " on postgres " + p.addr
	if opts.Format != FormatCustom && opts.Format != FormatPlain {
		return connerr.New(connerr.Config, op,
			fmt.Errorf("%w %q: postgres restores only %q and %q", ErrFormat, opts.Format, FormatCustom, FormatPlain),
			"restore this backup into a source of the engine that made it")
	}
	if opts.Create {
		if err := p.createDatabase(ctx, db); err != nil {
			return err
		}
	}
	_, major, err := p.serverVersion(ctx, db)
	if err != nil {
		return err
	}
	t, err := p.tools.find(ctx, name, major)
	if err != nil {
		return err
	}
	env, err := p.newClientEnv()
	if err != nil {
		return err
	}
	defer env.close()
	var args []string
	if opts.Format == FormatPlain {
		// --no-psqlrc keeps the DBackup user's ~/.psqlrc out; ON_ERROR_STOP with
		// --single-transaction rolls everything back at the first failing statement; -f - makes
		// --single-transaction apply to standard input.
		args = []string{"--no-psqlrc", "--quiet", "--no-password", "--set", "ON_ERROR_STOP=1", "--single-transaction",
			"--file=-", "--dbname=" + conninfoDB(db)}
	} else {
		// --clean --if-exists replaces what the database holds; --single-transaction rolls
		// everything back when one statement fails, so a failed restore leaves the database as
		// it was.
		args = []string{"--no-owner", "--no-privileges", "--exit-on-error", "--clean", "--if-exists", "--single-transaction",
			"--no-password", "--dbname=" + conninfoDB(db)}
	}
	return runTool(ctx, op, t, env.vars, args, &trackingReader{r: r, killOnError: true}, nil)
}

// duplicateDatabase is SQLSTATE 42P04, which CREATE DATABASE returns when db appeared between
// the check and the creation.
const duplicateDatabase = "42P04"

// createDatabase creates db unless it exists, connected to the source's own database.
func (p *Postgres) createDatabase(ctx context.Context, db string) error {
	conn, err := p.pool.Acquire(ctx)
	if err != nil {
		return p.connectError(ctx, err)
	}
	defer conn.Release()
	op := "create database " + db + " on postgres " + p.addr
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", db).Scan(&exists); err != nil {
		return source.Classify(ctx, op, err, classify)
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{db}.Sanitize())
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == duplicateDatabase {
		return nil
	}
	if err != nil {
		return source.Classify(ctx, op, err, classify)
	}
	return nil
}
