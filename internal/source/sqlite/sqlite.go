package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"strconv"
	"sync"
	"syscall"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
)

// busyTimeout is how long a read waits for a writer's lock before failing: the application
// that owns the file keeps writing while DBackup reads.
const busyTimeout = 5 * time.Second

// SQLite is one database file. It opens the file on first use, read-only.
type SQLite struct {
	path  string
	db    *sql.DB
	close sync.Once
	err   error
}

var _ source.Source = (*SQLite)(nil)

// New validates cfg, whose Database is the file's absolute path (connerr.Config errors naming
// the field), and returns a source that has not opened the file yet.
func New(cfg source.Config) (*SQLite, error) {
	if err := Engine.Validate(cfg); err != nil {
		return nil, err
	}
	// A file: URI, so that mode=ro reaches SQLite and any character of the path is escaped.
	u := url.URL{Scheme: "file", Path: cfg.Database, RawQuery: url.Values{
		"mode":    {"ro"},
		"_pragma": {"busy_timeout(" + strconv.FormatInt(busyTimeout.Milliseconds(), 10) + ")"},
	}.Encode()}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, source.ConfigError(source.FieldDatabase, "check the path", "%v", err)
	}
	return &SQLite{path: cfg.Database, db: db}, nil
}

// Test checks that the file exists and is a SQLite database, reads sqlite_version() and times
// one SELECT 1.
func (s *SQLite) Test(ctx context.Context) (source.Info, error) {
	conn, err := s.open(ctx)
	if err != nil {
		return source.Info{}, err
	}
	defer conn.Close()
	var version string
	if err := conn.QueryRowContext(ctx, "SELECT sqlite_version()").Scan(&version); err != nil {
		return source.Info{}, s.classify(ctx, err)
	}
	start := time.Now()
	var one int
	if err := conn.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return source.Info{}, s.classify(ctx, err)
	}
	return source.Info{Version: "SQLite " + version, Latency: time.Since(start)}, nil
}

// ListDatabases returns the file, named by its path, with its size.
func (s *SQLite) ListDatabases(ctx context.Context) ([]source.Database, error) {
	conn, err := s.open(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	fi, err := os.Stat(s.path)
	if err != nil {
		return nil, s.classify(ctx, err)
	}
	return []source.Database{{Name: s.path, SizeBytes: fi.Size()}}, nil
}

// Close closes the file. It may be called more than once.
func (s *SQLite) Close() error {
	s.close.Do(func() { s.err = s.db.Close() })
	return s.err
}

// open checks that the path is a regular file, then reads the schema version through a
// connection, which fails on a file that is not a database.
func (s *SQLite) open(ctx context.Context) (*sql.Conn, error) {
	// os.Stat cannot be cancelled, so a cancelled context is noticed here.
	if err := ctx.Err(); err != nil {
		return nil, s.classify(ctx, err)
	}
	fi, err := os.Stat(s.path)
	if err != nil {
		return nil, s.classify(ctx, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, source.ConfigError(source.FieldDatabase, "enter the path of the database file itself",
			"%s is not a regular file", s.path)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, s.classify(ctx, err)
	}
	var schema int64
	if err := conn.QueryRowContext(ctx, "PRAGMA schema_version").Scan(&schema); err != nil {
		_ = conn.Close()
		return nil, s.classify(ctx, err)
	}
	return conn, nil
}

// classify maps file-system errors and SQLite's result codes onto connerr kinds.
func (s *SQLite) classify(ctx context.Context, err error) error {
	op := "open sqlite " + s.path
	var sqlErr *sqlite.Error
	switch {
	case ctx.Err() != nil:
		return source.Classify(ctx, op, err, nil)
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		return connerr.Newf(connerr.NotFound, op, "check the path; the file must exist on the DBackup host",
			"no file at %s", s.path)
	case errors.Is(err, fs.ErrPermission):
		return connerr.New(connerr.Permission, op, err, "let the user DBackup runs as read the file and its directory")
	case errors.As(err, &sqlErr):
		// Extended result codes carry the primary code in their low byte.
		switch sqlErr.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB:
			return source.ConfigError(source.FieldDatabase, "enter the path of a SQLite database file",
				"%s is not a SQLite database", s.path)
		case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
			return connerr.New(connerr.Permission, op, err, "let the user DBackup runs as read the file and its directory")
		}
	}
	return source.Classify(ctx, op, err, nil)
}
