package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // registers the "sqlite" database/sql driver (pure Go)

	"entgo.io/ent/dialect"

	"github.com/dbackup/dbackup/internal/system"
)

// sqliteBusyTimeout is how long a SQLite writer waits for another writer before SQLITE_BUSY.
// Backups, the scheduler and the API write concurrently; 10 s rides out any short transaction.
const sqliteBusyTimeout = 10 * time.Second

// openTimeout bounds the first connection, so a wrong host fails start-up instead of hanging.
const openTimeout = 15 * time.Second

// DB is an open configuration database.
type DB struct {
	*sql.DB
	Dialect system.Dialect
}

// sqliteDSN returns the modernc.org/sqlite DSN for path: WAL so readers never block the writer,
// foreign keys on, a busy timeout, and BEGIN IMMEDIATE so that a read-then-write transaction
// cannot fail half-way with SQLITE_BUSY.
func sqliteDSN(path string) string {
	return fmt.Sprintf("file:%s?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(%d)&_pragma=synchronous(NORMAL)&_txlock=immediate",
		path, sqliteBusyTimeout.Milliseconds())
}

// Open connects to the database and checks that it answers. For SQLite it creates the file's
// folder first.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	var (
		db  *sql.DB
		err error
	)
	switch cfg.Dialect {
	case system.SQLite:
		if err := os.MkdirAll(filepath.Dir(cfg.Path), 0o700); err != nil {
			return nil, fmt.Errorf("create folder for %s: %w", cfg.Path, err)
		}
		db, err = sql.Open("sqlite", sqliteDSN(cfg.Path))
	case system.Postgres:
		db, err = sql.Open("pgx", cfg.postgresURL)
	default:
		return nil, fmt.Errorf("unknown dialect %q", cfg.Dialect)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", cfg.Dialect, err)
	}
	ctx, cancel := context.WithTimeout(ctx, openTimeout)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("connect to %s database: %w; check that the database server runs and the URL's host, port, user and password", cfg.Dialect, err)
	}
	return &DB{DB: db, Dialect: cfg.Dialect}, nil
}

// EntDriver returns the ent driver over this database.
func (db *DB) EntDriver() *entsql.Driver {
	return entsql.OpenDB(db.EntDialect(), db.DB)
}

// EntDialect returns ent's name of the dialect.
func (db *DB) EntDialect() string { return entDialect(db.Dialect) }

// Ping implements system.Database.
func (db *DB) Ping(ctx context.Context) error { return db.PingContext(ctx) }

// SchemaVersion implements system.Database: the newest applied migration.
func (db *DB) SchemaVersion(ctx context.Context) (string, error) {
	var (
		version int64
		dirty   bool
	)
	err := db.QueryRowContext(ctx, "SELECT version, dirty FROM "+migrationsTable+" LIMIT 1").Scan(&version, &dirty)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read schema version: %w", err)
	}
	if dirty {
		return fmt.Sprintf("%d (dirty)", version), nil
	}
	return fmt.Sprint(version), nil
}

func entDialect(d system.Dialect) string {
	if d == system.Postgres {
		return dialect.Postgres
	}
	return dialect.SQLite
}
