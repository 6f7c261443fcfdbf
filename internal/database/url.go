package database

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/dbackup/dbackup/internal/system"
)

// DefaultURL is the embedded default: a SQLite file in ./data.
const DefaultURL = "sqlite://./data/dbackup.db"

// urlHelp shows the accepted forms; it ends every URL error so the fix is on the same line.
const urlHelp = "use sqlite://PATH (for example sqlite://./data/dbackup.db) or postgres://USER:PASSWORD@HOST:5432/DBNAME"

// Config says which database to open.
type Config struct {
	Dialect system.Dialect
	// Path is the SQLite file; empty for PostgreSQL.
	Path string
	// postgresURL is the connection string for PostgreSQL; it may hold a password, so it is
	// never printed.
	postgresURL string
}

// ParseURL reads a DATABASE_URL. Errors never repeat the URL, which may contain a password.
func ParseURL(raw string) (Config, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return Config{}, errors.New("empty; " + urlHelp)
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return Config{}, errors.New("missing scheme; " + urlHelp)
	}
	switch strings.ToLower(scheme) {
	case "sqlite", "sqlite3", "file":
		return parseSQLite(rest)
	case "postgres", "postgresql":
		if _, err := url.Parse(raw); err != nil {
			return Config{}, fmt.Errorf("not a valid URL (check special characters in the password are percent-encoded); %s", urlHelp)
		}
		if _, err := pgx.ParseConfig(raw); err != nil {
			return Config{}, fmt.Errorf("not a valid PostgreSQL URL; %s", urlHelp)
		}
		return Config{Dialect: system.Postgres, postgresURL: raw}, nil
	default:
		return Config{}, fmt.Errorf("unsupported scheme %q; %s", scheme, urlHelp)
	}
}

func parseSQLite(rest string) (Config, error) {
	path, query, _ := strings.Cut(rest, "?")
	if query != "" {
		return Config{}, errors.New("sqlite URLs take no options (DBackup sets WAL, foreign keys and the busy timeout itself); " + urlHelp)
	}
	if path == "" || strings.HasSuffix(path, "/") {
		return Config{}, errors.New("missing the database file name; " + urlHelp)
	}
	if path == ":memory:" {
		return Config{}, errors.New("an in-memory database would lose every setting at exit; " + urlHelp)
	}
	return Config{Dialect: system.SQLite, Path: filepath.Clean(path)}, nil
}
