package server

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/storage/s3/s3test"
)

// TestSeveralDatabasesInOneArchive backs up two PostgreSQL databases of one source into one
// archive on two destinations and restores both, renamed, from each.
func TestSeveralDatabasesInOneArchive(t *testing.T) {
	gw := s3test.Start(t)
	e := newBackupEnv(t)
	a, b := pgFixture(t), pgFixture(t)
	a.seed(t, a.db, 300)
	b.seed(t, b.db, 700)
	src := e.source("pg", a)
	exe := e.run(e.job("two", src, []string{a.db, b.db}, "", e.localDest("disk", t.TempDir()), e.s3Dest("s3", gw)))
	require.Equal(t, "SUCCESS", exe["status"], "%v", exe)
	require.True(t, strings.HasSuffix(exe["objectKey"].(string), ".tar.zst"), exe["objectKey"])
	for _, bk := range backupsOf(exe) {
		require.Equal(t, []any{a.db, b.db}, bk["databases"])
		ta, tb := a.newTarget(t), b.newTarget(t)
		res := e.restore(bk["id"].(string), src, map[string]string{a.db: ta, b.db: tb})
		require.Equal(t, "SUCCESS", res["status"], "%v", res)
		require.Equal(t, a.fingerprint(t, a.db), a.fingerprint(t, ta))
		require.Equal(t, b.fingerprint(t, b.db), b.fingerprint(t, tb))
	}
}

// hangingS3 is an endpoint that accepts connections and never answers, like a destination that
// stopped accepting uploads.
func hangingS3(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { _, _ = c.Read(make([]byte, 1<<20)); select {} }()
		}
	}()
	return "http://" + ln.Addr().String()
}

// storedFiles lists the regular files under dir, temporary ones included.
func storedFiles(t *testing.T, dir string) []string {
	var out []string
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return err
	}))
	return out
}

// TestCancelRunningBackup cancels a run stuck on a destination that never answers: it ends
// CANCELLED and leaves nothing on the destination that did finish.
func TestCancelRunningBackup(t *testing.T) {
	e := newBackupEnv(t)
	f := sqliteFixture(t)
	f.seed(t, f.db, 100)
	src := e.source("lite", f)
	dir := t.TempDir()
	stuck := e.do(createDestOp, map[string]any{"in": map[string]any{"name": "stuck", "kind": "s3",
		"settings": kv(map[string]string{"endpoint": hangingS3(t), "bucket": "b", "path_style": "true", "access_key_id": "AK"}),
		"secrets":  kv(map[string]string{"secret_access_key": "not-a-real-secret"})}}, "createDestination")["id"].(string)
	job := e.job("stuck", src, nil, "", e.localDest("disk", dir), stuck)

	id := e.do(runJobOp, map[string]any{"id": job}, "runJob")["id"].(string)
	require.Eventually(t, func() bool {
		exe := e.do(executionOp, map[string]any{"id": id}, "execution")
		return exe["status"] == "RUNNING" && exe["dumpBytes"].(float64) > 0
	}, 30*time.Second, 100*time.Millisecond)
	time.Sleep(time.Second) // the local copy completes; the S3 one hangs

	c := e.do(`mutation($id: ID!) { cancelExecution(id: $id) { id status } }`, map[string]any{"id": id}, "cancelExecution")
	require.Equal(t, id, c["id"])
	exe := e.wait(id)
	require.Equal(t, "CANCELLED", exe["status"], "%v", exe)
	require.Empty(t, exe["backups"])
	require.Empty(t, storedFiles(t, dir), "no object, temporary file or sidecar is left")

	// A finished run cannot be cancelled again.
	r := gqlVars(t, e.url, `mutation($id: ID!) { cancelExecution(id: $id) { id } }`, map[string]any{"id": id}, e.admin)
	require.Equal(t, "CONFLICT", errorCode(t, r.json))
}

// TestBackupWithWrongEncryptionKey: a source password sealed under another ENCRYPTION_KEY makes
// the run fail with ENCRYPTION_KEY_MISMATCH, naming the secret and the key it needs.
func TestBackupWithWrongEncryptionKey(t *testing.T) {
	dir := t.TempDir()
	keyA, kidA := hexKey(t)
	keyB, _ := hexKey(t)
	f := pgFixture(t)
	f.seed(t, f.db, 10)

	s := start(t, Config{DataDir: dir, Getenv: envMap(map[string]string{"ENCRYPTION_KEY": keyA})}, testDist)
	e := &backupEnv{t: t, url: s.url, admin: withCookie(adminCookie(t, s.url), true)}
	src := e.do(createSourceOp, map[string]any{"in": map[string]any{"name": "pg", "engine": "postgres",
		"settings": kv(f.settings), "secrets": kv(map[string]string{"password": secret("pw-sealed-under-a")})}}, "createSource")["id"].(string)
	job := e.job("nightly", src, []string{f.db}, "", e.localDest("disk", t.TempDir()))
	require.Equal(t, "SUCCESS", e.run(job)["status"])
	require.NoError(t, s.stop())

	s = start(t, Config{DataDir: dir, Getenv: envMap(map[string]string{"ENCRYPTION_KEY": keyB})}, testDist)
	e = &backupEnv{t: t, url: s.url, admin: withCookie(sessionCookieOf(t, login(t, s.url, adminName, adminPassword)), true)}
	exe := e.run(job)
	require.Equal(t, "FAILED", exe["status"], "%v", exe)
	require.Equal(t, "ENCRYPTION_KEY_MISMATCH", exe["errorCode"])
	require.Contains(t, exe["error"], `password of source "pg"`)
	require.Contains(t, exe["error"], kidA)
}
