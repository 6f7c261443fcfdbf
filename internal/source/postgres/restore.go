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

// Restore streams r into `pg_restore --no-owner --no-privileges --exit-on-error` on db, after
// creating db when opts.Create asks for it. Objects keep the restoring user as owner, because
// the roles of the source server need not exist here.
func (p *Postgres) Restore(ctx context.Context, db string, r io.Reader, opts source.RestoreOptions) error {
	op := "pg_restore " + db + " on postgres " + p.addr
	if opts.Format != FormatCustom {
		return connerr.New(connerr.Config, op,
			fmt.Errorf("%w %q: postgres restores only %q", ErrFormat, opts.Format, FormatCustom),
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
	t, err := p.tools.find(ctx, "pg_restore", major)
	if err != nil {
		return err
	}
	env, err := p.newClientEnv()
	if err != nil {
		return err
	}
	defer env.close()
	// --clean --if-exists replaces what the database holds; --single-transaction rolls everything
	// back when one statement fails, so a failed restore leaves the database as it was.
	args := []string{"--no-owner", "--no-privileges", "--exit-on-error", "--clean", "--if-exists", "--single-transaction",
		"--no-password", "--dbname=" + conninfoDB(db)}
	return runTool(ctx, op, t, env.vars, args, &trackingReader{r: r}, nil)
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
