package postgres_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/source/postgres"
	"github.com/dbackup/dbackup/internal/testutil/pgtest"
)

// plainDump runs the real pg_dump as the seed product did (plain SQL, no options).
func plainDump(t *testing.T, dbURL string) []byte {
	t.Helper()
	out, err := exec.Command("pg_dump", "--no-password", "--dbname="+dbURL).Output()
	require.NoError(t, err)
	require.Contains(t, string(out), "PostgreSQL database dump")
	return out
}

func newTargetName(t *testing.T) string {
	target := "dbackup_test_plain_" + randomHex(6)
	t.Cleanup(func() { dropDatabase(t, target) })
	return target
}

func tableExists(t *testing.T, dbURL, table string) bool {
	t.Helper()
	db, err := sql.Open("pgx", dbURL)
	require.NoError(t, err)
	defer db.Close()
	var ok bool
	require.NoError(t, db.QueryRow(`SELECT to_regclass($1) IS NOT NULL`, table).Scan(&ok))
	return ok
}

func TestPlainRestoreRoundTrip(t *testing.T) {
	srcURL := pgtest.NewDatabase(t)
	seed(t, srcURL)
	dump := plainDump(t, srcURL)
	p := open(t, configFor(t, srcURL))
	target := newTargetName(t)
	err := p.Restore(context.Background(), target, bytes.NewReader(dump), source.RestoreOptions{Format: postgres.FormatPlain, Create: true})
	require.NoError(t, err)
	want := checksums(t, srcURL)
	require.Contains(t, want["blobs"], "5000/")
	require.Equal(t, want, checksums(t, withDatabase(t, srcURL, target)))
}

// A failing statement rolls the whole script back and its message is in the error.
func TestPlainRestoreIsOneTransaction(t *testing.T) {
	srcURL := pgtest.NewDatabase(t)
	p := open(t, configFor(t, srcURL))
	target := newTargetName(t)
	script := "CREATE TABLE kept (x int);\nINSERT INTO kept VALUES (1);\nSELECT dbackup_no_such_function();\n"
	err := p.Restore(context.Background(), target, strings.NewReader(script), source.RestoreOptions{Format: postgres.FormatPlain, Create: true})
	require.Error(t, err)
	require.ErrorContains(t, err, "dbackup_no_such_function")
	require.False(t, tableExists(t, withDatabase(t, srcURL, target), "kept"), "rolled back")
}

// cutReader hands out a complete script, waits so that psql runs it, then fails: a backup that
// turned out to be damaged after its statements were sent.
type cutReader struct {
	r    io.Reader
	wait time.Duration
}

var errCut = errors.New("the backup failed authentication")

func (c *cutReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err == io.EOF {
		time.Sleep(c.wait)
		return 0, errCut
	}
	return n, err
}

// A read error kills psql before it sees the end of its input, so nothing is committed, even
// though every statement it had was complete.
func TestPlainRestoreReadErrorCommitsNothing(t *testing.T) {
	srcURL := pgtest.NewDatabase(t)
	p := open(t, configFor(t, srcURL))
	target := newTargetName(t)
	script := "CREATE TABLE half (x int);\nINSERT INTO half VALUES (1);\n"
	err := p.Restore(context.Background(), target, &cutReader{r: strings.NewReader(script), wait: 500 * time.Millisecond},
		source.RestoreOptions{Format: postgres.FormatPlain, Create: true})
	require.ErrorIs(t, err, errCut)
	require.False(t, tableExists(t, withDatabase(t, srcURL, target), "half"), "nothing committed")
	require.Empty(t, childrenNamed(t, "psql"), "psql was reaped")
}

func TestPlainRestoreNeedsPsql(t *testing.T) {
	cfg := configFor(t, pgtest.NewDatabase(t))
	p := open(t, cfg)
	postgres.SetToolSearch(p, func(string) (string, error) { return "", errors.New("none") })
	err := p.Restore(context.Background(), cfg.Database, strings.NewReader(""), source.RestoreOptions{Format: postgres.FormatPlain})
	require.ErrorIs(t, err, postgres.ErrClientTool)
	require.ErrorContains(t, err, "psql not found")
}
