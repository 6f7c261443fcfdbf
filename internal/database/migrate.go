package database

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/golang-migrate/migrate/v4"
	migratedb "github.com/golang-migrate/migrate/v4/database"
	migratepgx "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	migratesqlite "github.com/golang-migrate/migrate/v4/database/sqlite"
	"github.com/golang-migrate/migrate/v4/source/iofs"

	"github.com/dbackup/dbackup/internal/system"
)

// migrationsTable records the applied schema version (golang-migrate's table layout).
const migrationsTable = "schema_migrations"

// migrationFiles holds one folder of SQL migrations per dialect.
//
//go:embed migrations
var migrationFiles embed.FS

// MigrationsDir returns the embedded migrations of a dialect.
func MigrationsDir(d system.Dialect) (fs.FS, error) {
	return fs.Sub(migrationFiles, "migrations/"+string(d))
}

// Migrate brings the schema up to date. It works on its own connections, which it closes, and is
// safe to run from several nodes at once on PostgreSQL (golang-migrate takes an advisory lock).
// steps > 0 applies only that many migrations from the current version, for upgrade tests.
func Migrate(ctx context.Context, cfg Config, steps int) error {
	m, err := newMigrator(ctx, cfg)
	if err != nil {
		return err
	}
	defer m.Close()
	go func() {
		<-ctx.Done()
		m.GracefulStop <- true
	}()
	if steps > 0 {
		err = m.Steps(steps)
	} else {
		err = m.Up()
	}
	if err != nil && !errors.Is(err, migrate.ErrNoChange) {
		var dirty migrate.ErrDirty
		if errors.As(err, &dirty) {
			return fmt.Errorf("schema migration %d failed half-way earlier and left the database marked dirty; restore the database from a backup, or fix the schema by hand and clear the dirty flag in %s: %w", dirty.Version, migrationsTable, err)
		}
		return fmt.Errorf("migrate %s schema: %w", cfg.Dialect, err)
	}
	return nil
}

func newMigrator(ctx context.Context, cfg Config) (*migrate.Migrate, error) {
	dir, err := MigrationsDir(cfg.Dialect)
	if err != nil {
		return nil, err
	}
	src, err := iofs.New(dir, ".")
	if err != nil {
		return nil, fmt.Errorf("read embedded migrations: %w", err)
	}
	db, err := Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	var drv migratedb.Driver
	switch cfg.Dialect {
	case system.SQLite:
		drv, err = migratesqlite.WithInstance(db.DB, &migratesqlite.Config{MigrationsTable: migrationsTable})
	case system.Postgres:
		drv, err = migratepgx.WithInstance(db.DB, &migratepgx.Config{MigrationsTable: migrationsTable})
	}
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("prepare %s migrations: %w", cfg.Dialect, err)
	}
	m, err := migrate.NewWithInstance("iofs", src, string(cfg.Dialect), drv)
	if err != nil {
		_ = drv.Close()
		return nil, fmt.Errorf("prepare %s migrations: %w", cfg.Dialect, err)
	}
	return m, nil
}
