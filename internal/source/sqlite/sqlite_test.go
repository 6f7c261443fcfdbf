package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite" // "sqlite" driver, to create the test database

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/source/sourcetest"
	"github.com/dbackup/dbackup/internal/source/sqlite"
)

// newDatabase creates a SQLite database with one table in a temporary directory.
func newDatabase(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "app data.db") // a space, to exercise the URI escaping
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t (v) VALUES ('a')")
	require.NoError(t, err)
	return path
}

func open(t *testing.T, path string) *sqlite.SQLite {
	t.Helper()
	s, err := sqlite.New(source.Config{Engine: "sqlite", Database: path})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	path := newDatabase(t)
	sourcetest.Run(t, func(t *testing.T) source.Source {
		s, err := sqlite.Open(source.Config{Database: path})
		require.NoError(t, err)
		return s
	}, path)
}

func TestTestAndList(t *testing.T) {
	path := newDatabase(t)
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	s := open(t, path)
	info, err := s.Test(context.Background())
	require.NoError(t, err)
	require.Regexp(t, `^SQLite 3\.\d+\.\d+$`, info.Version)
	dbs, err := s.ListDatabases(context.Background())
	require.NoError(t, err)
	require.Equal(t, []source.Database{{Name: path, SizeBytes: int64(len(before))}}, dbs)
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, before, after, "a read-only source never writes")
}

func TestFailuresAreClassified(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.txt")
	require.NoError(t, os.WriteFile(notDB, []byte("These are notes, not a SQLite database; SQLite reads the header.\n"), 0o600))
	file := newDatabase(t)

	tests := []struct {
		name string
		path string
		want connerr.Kind
	}{
		{"missing file", filepath.Join(dir, "missing.db"), connerr.NotFound},
		{"below a file", filepath.Join(file, "x.db"), connerr.NotFound},
		{"not a database", notDB, connerr.Config},
		{"a directory", dir, connerr.Config},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t, tt.path)
			_, err := s.Test(context.Background())
			sourcetest.RequireKind(t, err, tt.want)
			require.Contains(t, err.Error(), tt.path, "the error names the path")
			_, err = s.ListDatabases(context.Background())
			sourcetest.RequireKind(t, err, tt.want)
		})
	}
}

func TestOpenRejects(t *testing.T) {
	tests := []struct {
		name   string
		cfg    source.Config
		wantOp string
	}{
		{"no path", source.Config{}, source.FieldDatabase},
		{"relative path", source.Config{Database: "app.db"}, source.FieldDatabase},
		{"a host", source.Config{Database: "/a.db", Host: "db.example.com"}, source.FieldHost},
		{"TLS required", source.Config{Database: "/a.db", TLSMode: source.TLSRequire}, source.FieldTLSMode},
		{"another engine", source.Config{Engine: "postgres", Database: "/a.db"}, "engine"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sqlite.Open(tt.cfg)
			sourcetest.RequireKind(t, err, connerr.Config)
			var ce *connerr.Error
			require.ErrorAs(t, err, &ce)
			require.Equal(t, tt.wantOp, ce.Op)
		})
	}
	_, err := sqlite.Open(source.Config{Database: "/a.db", TLSMode: source.TLSPrefer})
	require.NoError(t, err, "prefer is every new source's default and allows no TLS")
}
