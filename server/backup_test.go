package server

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/go-sql-driver/mysql"
	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/storage/s3/s3test"
	"github.com/dbackup/dbackup/internal/testutil/mysqltest"
	"github.com/dbackup/dbackup/internal/testutil/pgtest"
)

const (
	createProfileOp = `mutation($name: String!) { createEncryptionProfile(input: {name: $name}) { id keyID } }`
	runJobOp        = `mutation($id: ID!) { runJob(id: $id) { id status } }`
	executionOp     = `query($id: ID!) { execution(id: $id) { id kind status phase error errorCode sha256 objectKey size dumpBytes
		targets { name status bytes objectKey error } log { level message } backups { id objectKey sha256 encrypted keyID databases destination { name } } } }`
	restoreOp = `mutation($b: ID!, $s: ID!, $m: [DatabaseMappingInput!]) { restoreBackup(backup: $b, targetSource: $s, databaseMapping: $m) { id status } }`
)

// fixture is a test database of one engine: where it is, how to reach it with database/sql,
// and the source settings that point DBackup at it.
type fixture struct {
	engine   string
	driver   string
	dsn      func(db string) string
	db       string
	settings map[string]string
}

func pgFixture(t *testing.T) fixture {
	u, err := url.Parse(pgtest.NewDatabase(t))
	require.NoError(t, err)
	return fixture{engine: "postgres", driver: "pgx", db: strings.TrimPrefix(u.Path, "/"),
		dsn:      func(db string) string { c := *u; c.Path = "/" + db; return c.String() },
		settings: map[string]string{"host": u.Hostname(), "port": u.Port(), "username": u.User.Username(), "tls_mode": "disable"}}
}

func mariaFixture(t *testing.T) fixture {
	cfg, err := mysql.ParseDSN(mysqltest.NewDatabase(t))
	require.NoError(t, err)
	host, port, _ := strings.Cut(cfg.Addr, ":")
	return fixture{engine: "mariadb", driver: "mysql", db: cfg.DBName,
		dsn:      func(db string) string { c := *cfg; c.DBName = db; return c.FormatDSN() },
		settings: map[string]string{"host": host, "port": port, "username": cfg.User}}
}

func sqliteFixture(t *testing.T) fixture {
	path := filepath.Join(t.TempDir(), "app.db")
	return fixture{engine: "sqlite", driver: "sqlite", db: path,
		dsn: func(db string) string { return "file:" + db }, settings: map[string]string{"database": path}}
}

// newTarget returns another, empty database of the same engine to restore into.
func (f fixture) newTarget(t *testing.T) string {
	switch f.engine {
	case "postgres":
		u, err := url.Parse(pgtest.NewDatabase(t))
		require.NoError(t, err)
		return strings.TrimPrefix(u.Path, "/")
	case "mariadb":
		cfg, err := mysql.ParseDSN(mysqltest.NewDatabase(t))
		require.NoError(t, err)
		return cfg.DBName
	}
	return filepath.Join(t.TempDir(), "restored.db")
}

func (f fixture) open(t *testing.T, db string) *sql.DB {
	conn, err := sql.Open(f.driver, f.dsn(db))
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// seed fills db with rows of varied text, so that compression and checksums have work to do.
func (f fixture) seed(t *testing.T, db string, rows int) {
	conn := f.open(t, db)
	_, err := conn.Exec(`CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL, qty INTEGER)`)
	require.NoError(t, err)
	tx, err := conn.Begin()
	require.NoError(t, err)
	ph := "?, ?, ?"
	if f.engine == "postgres" {
		ph = "$1, $2, $3"
	}
	for i := range rows {
		_, err := tx.Exec("INSERT INTO items (id, name, qty) VALUES ("+ph+")", i, fmt.Sprintf("item %d %x", i, sha256.Sum256([]byte{byte(i), byte(i >> 8)})), i%97)
		require.NoError(t, err)
	}
	require.NoError(t, tx.Commit())
}

// fingerprint is the row count and a SHA-256 over every row of items, in id order.
func (f fixture) fingerprint(t *testing.T, db string) string {
	conn := f.open(t, db)
	rows, err := conn.Query(`SELECT id, name, qty FROM items ORDER BY id`)
	require.NoError(t, err)
	defer rows.Close()
	h, n := sha256.New(), 0
	for rows.Next() {
		var id, qty int
		var name string
		require.NoError(t, rows.Scan(&id, &name, &qty))
		fmt.Fprintf(h, "%d|%s|%d\n", id, name, qty)
		n++
	}
	require.NoError(t, rows.Err())
	return fmt.Sprintf("%d rows, sha256 %s", n, hex.EncodeToString(h.Sum(nil)))
}

// backupEnv is a running server with an admin session.
type backupEnv struct {
	t     *testing.T
	url   string
	admin map[string]string
}

func newBackupEnv(t *testing.T) *backupEnv {
	s := start(t, Config{}, testDist)
	return &backupEnv{t: t, url: s.url, admin: withCookie(adminCookie(t, s.url), true)}
}

func (e *backupEnv) do(op string, vars map[string]any, field string) map[string]any {
	e.t.Helper()
	return data(e.t, gqlVars(e.t, e.url, op, vars, e.admin), field).(map[string]any)
}

func (e *backupEnv) source(name string, f fixture) string {
	return e.do(createSourceOp, map[string]any{"in": map[string]any{"name": name, "engine": f.engine,
		"settings": kv(f.settings)}}, "createSource")["id"].(string)
}

func (e *backupEnv) localDest(name, dir string) string {
	return e.do(createDestOp, map[string]any{"in": map[string]any{"name": name, "kind": "local",
		"settings": kv(map[string]string{"path": dir})}}, "createDestination")["id"].(string)
}

func (e *backupEnv) s3Dest(name string, gw *s3test.Server) string {
	id, _ := e.s3DestBucket(name, gw)
	return id
}

// s3DestBucket creates an S3 destination on a new bucket with the prefix "backups/".
func (e *backupEnv) s3DestBucket(name string, gw *s3test.Server) (id, bucket string) {
	secret(gw.SecretKey)
	bucket = gw.NewBucket(e.t)
	return e.do(createDestOp, map[string]any{"in": map[string]any{"name": name, "kind": "s3",
		"settings": kv(map[string]string{"endpoint": gw.Endpoint, "bucket": bucket, "path_style": "true",
			"access_key_id": gw.AccessKey, "prefix": "backups/"}),
		"secrets": kv(map[string]string{"secret_access_key": gw.SecretKey})}}, "createDestination")["id"].(string), bucket
}

func (e *backupEnv) job(name, src string, dbs []string, profile string, dests ...string) string {
	var targets []map[string]any
	for _, d := range dests {
		targets = append(targets, map[string]any{"destinationId": d})
	}
	in := map[string]any{"name": name, "sourceId": src, "targets": targets}
	if dbs != nil {
		in["databases"] = dbs
	}
	if profile != "" {
		in["encryptionProfileId"] = profile
	}
	return e.do(createJobOp, map[string]any{"in": in}, "createJob")["id"].(string)
}

// wait polls the execution until it has finished and returns it.
func (e *backupEnv) wait(id string) map[string]any {
	e.t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		exe := e.do(executionOp, map[string]any{"id": id}, "execution")
		switch exe["status"] {
		case "QUEUED", "RUNNING":
			time.Sleep(100 * time.Millisecond)
			continue
		}
		return exe
	}
	e.t.Fatalf("execution %s did not finish in time", id)
	return nil
}

func (e *backupEnv) run(job string) map[string]any {
	e.t.Helper()
	return e.wait(e.do(runJobOp, map[string]any{"id": job}, "runJob")["id"].(string))
}

func (e *backupEnv) restore(backup, target string, mapping map[string]string) map[string]any {
	e.t.Helper()
	var m []map[string]string
	for from, to := range mapping {
		m = append(m, map[string]string{"from": from, "to": to})
	}
	return e.wait(e.do(restoreOp, map[string]any{"b": backup, "s": target, "m": m}, "restoreBackup")["id"].(string))
}

func backupsOf(exe map[string]any) []map[string]any {
	var out []map[string]any
	for _, b := range exe["backups"].([]any) {
		out = append(out, b.(map[string]any))
	}
	return out
}

// TestBackupRestoreRoundTrips backs up PostgreSQL, MariaDB and SQLite through local folders and
// versitygw S3, encrypted and not, restores each stored copy into a fresh database and compares
// the rows.
func TestBackupRestoreRoundTrips(t *testing.T) {
	gw := s3test.Start(t)
	e := newBackupEnv(t)
	profile := e.do(createProfileOp, map[string]any{"name": "main"}, "createEncryptionProfile")
	for _, tt := range []struct {
		name    string
		fixture func(*testing.T) fixture
		encrypt bool
	}{
		{"postgres encrypted", pgFixture, true},
		{"postgres plain", pgFixture, false},
		{"mariadb encrypted", mariaFixture, true},
		{"mariadb plain", mariaFixture, false},
		{"sqlite encrypted", sqliteFixture, true},
		{"sqlite plain", sqliteFixture, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e.t = t
			f := tt.fixture(t)
			f.seed(t, f.db, 500)
			want := f.fingerprint(t, f.db)
			slug := strings.ReplaceAll(tt.name, " ", "-")
			src := e.source(slug, f)
			local := e.localDest(slug+"-disk", t.TempDir())
			remote, bucket := e.s3DestBucket(slug+"-s3", gw)
			prof := ""
			if tt.encrypt {
				prof = profile["id"].(string)
			}
			exe := e.run(e.job(slug, src, []string{f.db}, prof, local, remote))
			require.Equal(t, "SUCCESS", exe["status"], "%v", exe)
			require.Len(t, exe["sha256"], 64)
			bs := backupsOf(exe)
			require.Len(t, bs, 2)
			// S3 carries the SHA-256 in the object's metadata, and the sidecar sits beside it.
			head, err := gw.Client().HeadObject(context.Background(), &awss3.HeadObjectInput{
				Bucket: aws.String(bucket), Key: aws.String("backups/" + exe["objectKey"].(string))})
			require.NoError(t, err)
			require.Equal(t, exe["sha256"], head.Metadata["sha256"])
			_, err = gw.Client().HeadObject(context.Background(), &awss3.HeadObjectInput{
				Bucket: aws.String(bucket), Key: aws.String("backups/" + exe["objectKey"].(string) + ".meta.json")})
			require.NoError(t, err)
			for i, b := range bs {
				require.Equal(t, tt.encrypt, b["encrypted"])
				require.Equal(t, exe["sha256"], b["sha256"])
				if tt.encrypt {
					require.Equal(t, profile["keyID"], b["keyID"])
					require.True(t, strings.HasSuffix(b["objectKey"].(string), ".enc"), b["objectKey"])
				}
				target := f.newTarget(t)
				into, mapping := src, map[string]string{f.db: target}
				if f.engine == "sqlite" {
					// A SQLite restore writes the target source's own file, and only that.
					into, mapping = e.source(fmt.Sprintf("%s-copy-%d", slug, i), fixture{engine: "sqlite",
						settings: map[string]string{"database": target}}), nil
					r := gqlVars(t, e.url, restoreOp, map[string]any{"b": b["id"], "s": into,
						"m": []map[string]string{{"from": f.db, "to": "/tmp/elsewhere.db"}}}, e.admin)
					require.Equal(t, "INVALID_INPUT", errorCode(t, r.json))
				}
				res := e.restore(b["id"].(string), into, mapping)
				require.Equal(t, "SUCCESS", res["status"], "%v", res)
				require.Equal(t, want, f.fingerprint(t, target), "restored from %v", b["destination"])
			}
		})
	}
}
