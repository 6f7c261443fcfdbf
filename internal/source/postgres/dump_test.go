package postgres_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/source/postgres"
	"github.com/dbackup/dbackup/internal/testutil/pgtest"
	"github.com/dbackup/dbackup/internal/vault"
)

// seedTables are the tables seed fills and checksums compares.
var seedTables = []string{"authors", "notes", "blobs"}

// seed fills the database behind dbURL with a few tables, one of them of several thousand rows
// of random text and bytes.
func seed(t *testing.T, dbURL string) {
	t.Helper()
	db, err := sql.Open("pgx", dbURL)
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Exec(`
CREATE TABLE authors (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE notes (id serial PRIMARY KEY, author int REFERENCES authors, body text, at timestamptz DEFAULT now());
CREATE TABLE blobs (id int PRIMARY KEY, label text, data bytea);
CREATE INDEX blobs_label ON blobs (label);
CREATE VIEW long_notes AS SELECT * FROM notes WHERE length(body) > 10;
INSERT INTO authors VALUES (1, 'Zoë O''Brien'), (2, E'tab\there'), (3, '日本語');
INSERT INTO notes (author, body) SELECT 1 + g % 3, repeat(md5(g::text), 1 + g % 4) FROM generate_series(1, 50) g;
INSERT INTO blobs SELECT g, md5(random()::text) || E'\n,"' || g, decode(md5(random()::text) || md5(random()::text), 'hex')
FROM generate_series(1, 5000) g;`)
	require.NoError(t, err)
}

// checksums returns each seed table's row count and a digest of its contents.
func checksums(t *testing.T, dbURL string) map[string]string {
	t.Helper()
	db, err := sql.Open("pgx", dbURL)
	require.NoError(t, err)
	defer db.Close()
	sums := map[string]string{}
	for _, tbl := range seedTables {
		var n int
		var sum string
		require.NoError(t, db.QueryRow(`SELECT count(*), md5(string_agg(t::text, ',' ORDER BY id)) FROM `+tbl+` t`).Scan(&n, &sum))
		sums[tbl] = strconv.Itoa(n) + "/" + sum
	}
	return sums
}

func TestDumpRestoreRoundTrip(t *testing.T) {
	srcURL := pgtest.NewDatabase(t)
	seed(t, srcURL)
	cfg := configFor(t, srcURL)
	cfg.Password = vault.NewSecret(`p:w\ 'x" $(id)`) // trusted locally, so only its handling is tested
	p := open(t, cfg)

	// The dump streams through a pipe, as into the archive writer.
	pr, pw := io.Pipe()
	var dump bytes.Buffer
	copied := make(chan error, 1)
	go func() { _, err := io.Copy(&dump, pr); copied <- err }()
	start := time.Now()
	info, err := p.Dump(context.Background(), cfg.Database, pw)
	require.NoError(t, err)
	require.NoError(t, pw.Close())
	require.NoError(t, <-copied)
	t.Logf("dumped %d bytes in %v", dump.Len(), time.Since(start))
	require.Equal(t, postgres.FormatCustom, info.Format)
	require.True(t, strings.HasPrefix(info.ServerVersion, "PostgreSQL "), info.ServerVersion)
	require.Contains(t, info.ToolVersion, "pg_dump (PostgreSQL) ")
	require.True(t, bytes.HasPrefix(dump.Bytes(), []byte("PGDMP")), "custom archive magic")

	target := "dbackup_test_restore_" + randomHex(6)
	t.Cleanup(func() { dropDatabase(t, target) })
	start = time.Now()
	err = p.Restore(context.Background(), target, bytes.NewReader(dump.Bytes()),
		source.RestoreOptions{Format: postgres.FormatCustom, Create: true})
	require.NoError(t, err)
	t.Logf("restored in %v", time.Since(start))

	want := checksums(t, srcURL)
	require.Contains(t, want["blobs"], "5000/")
	require.Equal(t, want, checksums(t, withDatabase(t, srcURL, target)))
}

func TestRestoreFailureCarriesStderr(t *testing.T) {
	cfg := configFor(t, pgtest.NewDatabase(t))
	p := open(t, cfg)
	err := p.Restore(context.Background(), cfg.Database, strings.NewReader("not a dump"),
		source.RestoreOptions{Format: postgres.FormatCustom})
	require.Error(t, err)
	require.ErrorContains(t, err, "pg_restore: error")
}

func TestDumpMissingDatabaseIsClassified(t *testing.T) {
	p := open(t, configFor(t, pgtest.NewDatabase(t)))
	_, err := p.Dump(context.Background(), "dbackup_no_such_db", io.Discard)
	require.Equal(t, connerr.NotFound, connerr.KindOf(err), err)
}

// cancellingWriter cancels the dump at its first write and then holds it until the context is
// done, so that pg_dump is killed in the middle of its output.
type cancellingWriter struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func (w cancellingWriter) Write(p []byte) (int, error) {
	w.cancel()
	<-w.ctx.Done()
	time.Sleep(50 * time.Millisecond)
	return len(p), nil
}

func TestDumpCancelKillsPgDump(t *testing.T) {
	srcURL := pgtest.NewDatabase(t)
	seed(t, srcURL)
	cfg := configFor(t, srcURL)
	p := open(t, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	_, err := p.Dump(ctx, cfg.Database, cancellingWriter{ctx, cancel})
	require.ErrorIs(t, err, context.Canceled)
	require.Less(t, time.Since(start), 5*time.Second)
	require.Empty(t, childrenNamed(t, "pg_dump"), "no pg_dump left behind")
}

func TestDumpKeepsPasswordOffTheCommandLine(t *testing.T) {
	cfg := configFor(t, pgtest.NewDatabase(t))
	password := `s3cr:t\ 'quoted' "dq" $HOME ` + "`id`"
	cfg.Password = vault.NewSecret(password)
	p := open(t, cfg)
	out := t.TempDir()
	dir := t.TempDir()
	script := `#!/bin/sh
if [ "$1" = --version ]; then echo 'pg_dump (PostgreSQL) 99.0'; exit 0; fi
printf '%s\n' "$@" > ` + out + `/args
env > ` + out + `/env
cat "$PGPASSFILE" > ` + out + `/passfile
stat -c %a "$PGPASSFILE" > ` + out + `/mode
echo "$PGPASSFILE" > ` + out + `/path
printf DUMP`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "pg_dump"), []byte(script), 0o755))
	postgres.SetToolSearch(p, func(string) (string, error) { return "", errors.New("none") }, dir)

	var buf bytes.Buffer
	info, err := p.Dump(context.Background(), cfg.Database, &buf)
	require.NoError(t, err)
	require.Equal(t, "DUMP", buf.String())
	require.Equal(t, "pg_dump (PostgreSQL) 99.0", info.ToolVersion)

	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(out, name))
		require.NoError(t, err)
		return strings.TrimSpace(string(b))
	}
	args := read("args")
	require.NotContains(t, args, "s3cr")
	require.Contains(t, args, "--no-password")
	require.Contains(t, args, "--compress=0")
	require.Contains(t, args, "--dbname=dbname='"+cfg.Database+"'")
	env := read("env")
	require.NotContains(t, env, "s3cr")
	require.NotContains(t, env, "PGPASSWORD")
	require.Contains(t, env, "PGSSLMODE=prefer")
	require.Contains(t, env, "PGUSER="+cfg.Username)
	require.Equal(t, `*:*:*:*:s3cr\:t\\ 'quoted' "dq" $HOME `+"`id`", read("passfile"))
	require.Equal(t, "600", read("mode"))
	_, err = os.Stat(read("path"))
	require.ErrorIs(t, err, os.ErrNotExist, "the password file is removed after the dump")
}

func TestRestoreRefusesOtherFormats(t *testing.T) {
	cfg := configFor(t, pgtest.NewDatabase(t))
	p := open(t, cfg)
	ran := filepath.Join(t.TempDir(), "ran")
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "pg_restore"), []byte("#!/bin/sh\ntouch "+ran+"\n"), 0o755))
	postgres.SetToolSearch(p, func(string) (string, error) { return "", errors.New("none") }, dir)

	target := "dbackup_test_refused_" + randomHex(6)
	for _, format := range []string{"", "mysqldump-sql", "sqlite-file"} {
		err := p.Restore(context.Background(), target, failingReader{t}, source.RestoreOptions{Format: format, Create: true})
		require.ErrorIs(t, err, postgres.ErrFormat, format)
	}
	_, err := os.Stat(ran)
	require.ErrorIs(t, err, os.ErrNotExist, "pg_restore never ran")
	dbs, err := p.ListDatabases(context.Background())
	require.NoError(t, err)
	require.NotContains(t, names(dbs), target, "no database was created")
}

func TestMissingToolIsNamed(t *testing.T) {
	cfg := configFor(t, pgtest.NewDatabase(t))
	p := open(t, cfg)
	postgres.SetToolSearch(p, func(string) (string, error) { return "", errors.New("none") })
	_, err := p.Dump(context.Background(), cfg.Database, io.Discard)
	require.ErrorIs(t, err, postgres.ErrClientTool)
	require.ErrorContains(t, err, "install postgresql-client-")
	err = p.Restore(context.Background(), cfg.Database, strings.NewReader(""), source.RestoreOptions{Format: postgres.FormatCustom})
	require.ErrorIs(t, err, postgres.ErrClientTool)
	require.ErrorContains(t, err, "pg_restore not found")
}

type failingReader struct{ t *testing.T }

func (r failingReader) Read([]byte) (int, error) {
	r.t.Error("the backup was read")
	return 0, io.EOF
}

// childrenNamed lists this process's children whose command is name, zombies included.
func childrenNamed(t *testing.T, name string) []string {
	t.Helper()
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	require.NoError(t, err)
	me := strconv.Itoa(os.Getpid())
	var found []string
	for _, path := range stats {
		b, err := os.ReadFile(path)
		if err != nil {
			continue // exited meanwhile
		}
		s := string(b)
		// pid (comm) state ppid …; comm may contain spaces, so split after the last ')'.
		end := strings.LastIndexByte(s, ')')
		fields := strings.Fields(s[end+1:])
		if len(fields) > 1 && fields[1] == me && strings.Contains(s[:end], "("+name) {
			found = append(found, s[:end+1]+" "+fields[0])
		}
	}
	return found
}

func withDatabase(t *testing.T, dbURL, db string) string {
	t.Helper()
	i := strings.LastIndexByte(dbURL, '/')
	j := strings.IndexByte(dbURL[i:], '?')
	if j < 0 {
		return dbURL[:i+1] + db
	}
	return dbURL[:i+1] + db + dbURL[i+j:]
}

func dropDatabase(t *testing.T, db string) {
	admin, err := sql.Open("pgx", pgtest.AdminURL())
	require.NoError(t, err)
	defer admin.Close()
	_, err = admin.Exec(`DROP DATABASE IF EXISTS "` + db + `" WITH (FORCE)`)
	require.NoError(t, err)
}
