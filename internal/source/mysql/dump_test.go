package mysql_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/source/mysql"
	"github.com/dbackup/dbackup/internal/testutil/mysqltest"
	"github.com/dbackup/dbackup/internal/vault"
)

// rows is how many rows the test table gets: enough for a dump of a few megabytes, more than
// any pipe buffers.
const rows = 3000

// adminDB opens dsn as the admin user.
func adminDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("mysql", dsn)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// seed fills the database of dsn with a table of random text and blobs and a second table, and
// with code a view, a trigger and a procedure, which the admin user defines and so only an
// administrator can restore.
func seed(t *testing.T, dsn string, code bool) {
	t.Helper()
	db := adminDB(t, dsn)
	ctx := context.Background()
	stmts := []string{
		"CREATE TABLE items (id INT PRIMARY KEY AUTO_INCREMENT, txt TEXT CHARACTER SET utf8mb4, data BLOB, n DOUBLE)",
		"CREATE TABLE audit (id INT PRIMARY KEY AUTO_INCREMENT, item INT)",
	}
	if code {
		stmts = append(stmts,
			"CREATE VIEW big AS SELECT id, txt FROM items WHERE n > 0.5",
			"CREATE TRIGGER items_ai AFTER INSERT ON items FOR EACH ROW INSERT INTO audit (item) VALUES (NEW.id)",
			"CREATE PROCEDURE count_items(OUT c INT) SELECT COUNT(*) INTO c FROM items")
	}
	for _, stmt := range stmts {
		_, err := db.ExecContext(ctx, stmt)
		require.NoError(t, err, stmt)
	}
	rng := mrand.New(mrand.NewPCG(1, 2))
	alphabet := []rune("abc XYZ 019 'quote' \"dq\" \\ back\\slash\n\t; -- # é ü 😀 中文 NULL \x00")
	const batch = 250
	for start := 0; start < rows; start += batch {
		var (
			q    strings.Builder
			args []any
		)
		q.WriteString("INSERT INTO items (txt, data, n) VALUES ")
		for i := range batch {
			if i > 0 {
				q.WriteString(",")
			}
			q.WriteString("(?, ?, ?)")
			txt := make([]rune, rng.IntN(1000))
			for j := range txt {
				txt[j] = alphabet[rng.IntN(len(alphabet))]
			}
			blob := make([]byte, rng.IntN(2000))
			_, _ = rand.Read(blob)
			args = append(args, string(txt), blob, rng.Float64())
		}
		_, err := db.ExecContext(ctx, q.String(), args...)
		require.NoError(t, err)
	}
}

// fingerprint hashes every row of items and audit in id order, with the row counts.
func fingerprint(t *testing.T, dsn string) string {
	t.Helper()
	db := adminDB(t, dsn)
	h := sha256.New()
	for _, q := range []string{
		"SELECT id, txt, data, n FROM items ORDER BY id",
		"SELECT id, item, NULL, NULL FROM audit ORDER BY id",
	} {
		rs, err := db.Query(q)
		require.NoError(t, err)
		n := 0
		for rs.Next() {
			var (
				id  int
				txt sql.NullString
				bin []byte
				f   sql.NullFloat64
			)
			require.NoError(t, rs.Scan(&id, &txt, &bin, &f))
			fmt.Fprintf(h, "%d|%q|%x|%v\n", id, txt.String, bin, f.Float64)
			n++
		}
		require.NoError(t, rs.Err())
		require.NoError(t, rs.Close())
		fmt.Fprintf(h, "rows=%d\n", n)
		if strings.Contains(q, "items") {
			require.Equal(t, rows, n, q)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// newDatabaseName returns a database name that does not exist yet, dropped after the test.
func newDatabaseName(t *testing.T, adminDSN string) string {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "dbackup_test_" + hex.EncodeToString(b) + "_restored"
	db := adminDB(t, adminDSN)
	t.Cleanup(func() { _, _ = db.Exec("DROP DATABASE IF EXISTS `" + name + "`") })
	return name
}

func dsnFor(t *testing.T, name string) string {
	cfg := mysqltest.AdminConfig(t)
	cfg.DBName = name
	return cfg.FormatDSN()
}

func TestDumpRestoreRoundTrip(t *testing.T) {
	dsn := mysqltest.NewDatabase(t)
	seed(t, dsn, true)
	cfg := configFor(t, mysql.MariaDB.Name, dsn)
	m := open(t, cfg)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // to see the option files go

	var dump bytes.Buffer
	start := time.Now()
	info, err := m.Dump(context.Background(), cfg.Database, &dump)
	require.NoError(t, err)
	t.Logf("dumped %d bytes in %v", dump.Len(), time.Since(start))
	require.Equal(t, mysql.Format, info.Format)
	require.Contains(t, info.ServerVersion, "MariaDB")
	require.Contains(t, info.ToolVersion, "Distrib")
	require.Contains(t, dump.String(), "CREATE TABLE `items`")
	require.Contains(t, dump.String(), "PROCEDURE `count_items`")
	require.NotContains(t, dump.String(), "CREATE DATABASE", "the script must restore into any database")

	target := newDatabaseName(t, dsn)
	start = time.Now()
	require.NoError(t, m.Restore(context.Background(), target, &dump,
		source.RestoreOptions{Format: info.Format, Create: true}))
	t.Logf("restored in %v", time.Since(start))

	require.Equal(t, fingerprint(t, dsn), fingerprint(t, dsnFor(t, target)))
	var c int
	restored := adminDB(t, dsnFor(t, target))
	_, err = restored.Exec("CALL count_items(@c)")
	require.NoError(t, err)
	require.NoError(t, restored.QueryRow("SELECT @c").Scan(&c))
	require.Equal(t, rows, c)

	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	require.Empty(t, left, "option files must be removed")
}

func TestDumpWithSpecialPassword(t *testing.T) {
	dsn := mysqltest.NewDatabase(t)
	seed(t, dsn, false)
	cfg := configFor(t, mysql.MariaDB.Name, dsn)
	user, _ := mysqltest.NewUser(t)
	const password = `p"w'd\ #x;y $HOME= -p`
	admin := adminDB(t, dsn)
	escaped := strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(password)
	_, err := admin.Exec("ALTER USER '" + user + "'@'%' IDENTIFIED BY '" + escaped + "'")
	require.NoError(t, err)
	_, err = admin.Exec("GRANT ALL ON `" + cfg.Database + "`.* TO '" + user + "'@'%'")
	require.NoError(t, err)
	cfg.Username, cfg.Password = user, vault.NewSecret(password)
	m := open(t, cfg)

	var dump bytes.Buffer
	_, err = m.Dump(context.Background(), cfg.Database, &dump)
	require.NoError(t, err)
	require.Contains(t, dump.String(), "INSERT INTO `items`")

	// The same user restores into a database it may use.
	target := newDatabaseName(t, dsn)
	_, err = admin.Exec("GRANT ALL ON `" + target + "`.* TO '" + user + "'@'%'")
	require.NoError(t, err)
	require.NoError(t, m.Restore(context.Background(), target, &dump,
		source.RestoreOptions{Format: mysql.Format, Create: true}))
	require.Equal(t, fingerprint(t, dsn), fingerprint(t, dsnFor(t, target)))
}

func TestDumpFailuresAreClassified(t *testing.T) {
	dsn := mysqltest.NewDatabase(t)
	cfg := configFor(t, mysql.MariaDB.Name, dsn)
	user, password := mysqltest.NewUser(t) // no privileges at all
	db := cfg.Database
	cfg.Username, cfg.Password, cfg.Database = user, vault.NewSecret(password), ""
	m := open(t, cfg)
	_, err := m.Dump(context.Background(), db, &bytes.Buffer{})
	require.Error(t, err)
	require.Equal(t, connerr.Permission, connerr.KindOf(err), "%v", err)
	require.NotContains(t, err.Error(), password)
}

// blockingWriter cancels the dump on its first write and then blocks until the cancellation
// is seen, while the tool still has megabytes to write.
type blockingWriter struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func (w blockingWriter) Write(p []byte) (int, error) {
	w.cancel()
	<-w.ctx.Done()
	return len(p), nil
}

func TestDumpCancelled(t *testing.T) {
	dsn := mysqltest.NewDatabase(t)
	seed(t, dsn, true)
	cfg := configFor(t, mysql.MariaDB.Name, dsn)
	m := open(t, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	start := time.Now()
	_, err := m.Dump(ctx, cfg.Database, blockingWriter{ctx, cancel})
	require.Error(t, err)
	require.ErrorIs(t, err, context.Canceled)
	require.Less(t, time.Since(start), 10*time.Second)
}

func TestRestoreRefusesOtherFormats(t *testing.T) {
	dsn := mysqltest.NewDatabase(t)
	m := open(t, configFor(t, mysql.MariaDB.Name, dsn))
	target := newDatabaseName(t, dsn)
	err := m.Restore(context.Background(), target, strings.NewReader("DROP DATABASE mysql;"),
		source.RestoreOptions{Format: "pg_dump-custom", Create: true})
	require.Error(t, err)
	require.Equal(t, connerr.Config, connerr.KindOf(err))

	var n int
	require.NoError(t, adminDB(t, dsn).QueryRow(
		"SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?", target).Scan(&n))
	require.Zero(t, n, "nothing may run before the format is checked")
}

func TestRestoreReportsReadErrors(t *testing.T) {
	dsn := mysqltest.NewDatabase(t)
	cfg := configFor(t, mysql.MariaDB.Name, dsn)
	m := open(t, cfg)
	boom := errors.New("boom")
	r := ioMultiReader(strings.NewReader("CREATE TABLE t (id INT);\n"), boom)
	err := m.Restore(context.Background(), cfg.Database, r, source.RestoreOptions{Format: mysql.Format})
	require.ErrorIs(t, err, boom)
}

func TestMissingClientNamesThePackage(t *testing.T) {
	dsn := mysqltest.NewDatabase(t)
	cfg := configFor(t, mysql.MariaDB.Name, dsn)
	m := open(t, cfg)
	t.Setenv("PATH", filepath.Join(t.TempDir(), "empty"))
	_, err := m.Dump(context.Background(), cfg.Database, &bytes.Buffer{})
	require.ErrorIs(t, err, mysql.ErrClientMissing)
	require.Contains(t, err.Error(), "apt-get install mariadb-client")
	err = m.Restore(context.Background(), cfg.Database, strings.NewReader(""), source.RestoreOptions{Format: mysql.Format})
	require.ErrorIs(t, err, mysql.ErrClientMissing)
}

// failingReader returns its error after the reader before it ends.
type failingReader struct {
	r   *strings.Reader
	err error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.r.Len() > 0 {
		return f.r.Read(p)
	}
	return 0, f.err
}

func ioMultiReader(r *strings.Reader, err error) *failingReader { return &failingReader{r, err} }
