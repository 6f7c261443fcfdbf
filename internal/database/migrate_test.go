package database

import (
	"context"
	"database/sql"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	_ "github.com/dbackup/dbackup/ent/runtime" // privacy policies
	"github.com/dbackup/dbackup/internal/viewer"

	"ariga.io/atlas/sql/migrate"
	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/system"
	"github.com/dbackup/dbackup/internal/testutil/pgtest"
)

// testDatabases returns an empty database of each dialect.
func testDatabases(t *testing.T) map[system.Dialect]Config {
	t.Helper()
	sqlite, err := ParseURL("sqlite://" + filepath.Join(t.TempDir(), "dbackup.db"))
	require.NoError(t, err)
	pg, err := ParseURL(pgtest.NewDatabase(t))
	require.NoError(t, err)
	return map[system.Dialect]Config{system.SQLite: sqlite, system.Postgres: pg}
}

func TestMigrateUpgradesFromFirstMigration(t *testing.T) {
	ctx := context.Background()
	for dialect, cfg := range testDatabases(t) {
		t.Run(string(dialect), func(t *testing.T) {
			// Step to the first migration only, as an installation of the first release would be.
			require.NoError(t, Migrate(ctx, cfg, 1))
			db, err := Open(ctx, cfg)
			require.NoError(t, err)
			defer db.Close()
			first, err := db.SchemaVersion(ctx)
			require.NoError(t, err)
			require.Equal(t, firstVersion(t, dialect), first)

			// Data written by the first release must survive every later migration.
			_, err = db.ExecContext(ctx, rebind(dialect, `INSERT INTO settings (id, create_time, update_time, key, value) VALUES (?, ?, ?, ?, ?)`),
				"set_01JDQ3Z6V6T2G4F2A7Q2M9KXHB", "2026-01-01 00:00:00", "2026-01-01 00:00:00", "upgrade.canary", `"kept"`)
			require.NoError(t, err)

			require.NoError(t, Migrate(ctx, cfg, 0))
			require.NoError(t, Migrate(ctx, cfg, 0), "a current database is left alone")
			latest, err := db.SchemaVersion(ctx)
			require.NoError(t, err)
			require.Equal(t, lastVersion(t, dialect), latest)

			client := ent.NewClient(ent.Driver(db.EntDriver()))
			s, err := client.Setting.Query().Only(viewer.SystemContext(ctx))
			require.NoError(t, err)
			require.Equal(t, "upgrade.canary", s.Key)
			require.Equal(t, `"kept"`, s.Value)
		})
	}
}

// TestMigrationsMatchSchema fails when ent/schema changed without a new migration: it replays
// the committed migrations onto an empty database and asks Atlas for the difference.
func TestMigrationsMatchSchema(t *testing.T) {
	ctx := context.Background()
	for dialect, cfg := range testDatabases(t) {
		t.Run(string(dialect), func(t *testing.T) {
			src := filepath.Join("migrations", string(dialect))
			ldir, err := migrate.NewLocalDir(src)
			require.NoError(t, err)
			require.NoError(t, migrate.Validate(ldir), "atlas.sum does not match: a committed migration was edited by hand")

			dir := t.TempDir()
			require.NoError(t, os.CopyFS(dir, os.DirFS(src)))
			dev := openDev(t, cfg)
			require.NoError(t, Diff(ctx, dialect, dev, dir, "check"))
			before, _ := fs.Glob(os.DirFS(src), "*.sql")
			after, _ := fs.Glob(os.DirFS(dir), "*.sql")
			require.Equal(t, before, after, "ent/schema changed without a migration: run `go run ./scripts/newmigration NAME`")
		})
	}
}

func openDev(t *testing.T, cfg Config) *sql.DB {
	t.Helper()
	db, err := Open(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	return db.DB
}

func versions(t *testing.T, d system.Dialect) []string {
	t.Helper()
	dir, err := MigrationsDir(d)
	require.NoError(t, err)
	names, err := fs.Glob(dir, "*.up.sql")
	require.NoError(t, err)
	require.NotEmpty(t, names)
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n[:len("20060102150405")]
	}
	return out
}

func firstVersion(t *testing.T, d system.Dialect) string { return versions(t, d)[0] }

func lastVersion(t *testing.T, d system.Dialect) string {
	v := versions(t, d)
	return v[len(v)-1]
}

// rebind turns ? placeholders into $n for PostgreSQL.
func rebind(d system.Dialect, q string) string {
	if d != system.Postgres {
		return q
	}
	out, n := []byte{}, 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			out = append(out, '$')
			out = append(out, strconv.Itoa(n)...)
			continue
		}
		out = append(out, q[i])
	}
	return string(out)
}
