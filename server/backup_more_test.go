package server

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
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
		check := e.do(`query($b: ID!, $s: ID!) { restoreCheck(backup: $b, targetSource: $s) { backupVersion targetVersion warnings } }`,
			map[string]any{"b": bk["id"], "s": src}, "restoreCheck")
		require.Contains(t, check["targetVersion"], "PostgreSQL")
		require.Contains(t, check["backupVersion"], "PostgreSQL")
		require.Empty(t, check["warnings"])
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
	gw := s3test.Start(t)
	bucketDest := e.s3Dest("bucket", gw)
	disk := e.localDest("disk", t.TempDir())
	job := e.job("nightly", src, []string{f.db}, "", disk, bucketDest)
	require.Equal(t, "SUCCESS", e.run(job)["status"])
	lite := sqliteFixture(t)
	lite.seed(t, lite.db, 10)
	liteJob := e.job("lite", e.source("lite", lite), nil, "", disk, bucketDest)
	require.NoError(t, s.stop())

	s = start(t, Config{DataDir: dir, Getenv: envMap(map[string]string{"ENCRYPTION_KEY": keyB})}, testDist)
	e = &backupEnv{t: t, url: s.url, admin: withCookie(sessionCookieOf(t, login(t, s.url, adminName, adminPassword)), true)}
	exe := e.run(job)
	require.Equal(t, "FAILED", exe["status"], "%v", exe)
	require.Equal(t, "ENCRYPTION_KEY_MISMATCH", exe["errorCode"])
	require.Contains(t, exe["error"], `password of source "pg"`)
	require.Contains(t, exe["error"], kidA)

	// A source without secrets still backs up to the destinations that open: PARTIAL, and the
	// other destination names its sealed secret.
	exe = e.run(liteJob)
	require.Equal(t, "PARTIAL", exe["status"], "%v", exe)
	targets := exe["targets"].([]any)
	require.Equal(t, "DONE", targets[0].(map[string]any)["status"])
	require.Equal(t, "FAILED", targets[1].(map[string]any)["status"])
	require.Contains(t, targets[1].(map[string]any)["error"], `secret_access_key of destination "bucket"`)

	// The storage view of a destination whose credentials are sealed says why it cannot list…
	r := gqlVars(t, e.url, listingOp, map[string]any{"d": bucketDest}, e.admin)
	require.Equal(t, "ENCRYPTION_KEY_MISMATCH", errorCode(t, r.json), "%v", r.json)
	require.Contains(t, r.body, "secret_access_key")
	require.NoError(t, s.stop())

	// …and works again once the key is right.
	s = start(t, Config{DataDir: dir, Getenv: envMap(map[string]string{"ENCRYPTION_KEY": keyA})}, testDist)
	e = &backupEnv{t: t, url: s.url, admin: withCookie(sessionCookieOf(t, login(t, s.url, adminName, adminPassword)), true)}
	require.Len(t, e.do(listingOp, map[string]any{"d": bucketDest}, "destinationListing")["backups"], 1)
}

// TestExecutionUpdatedSubscription follows a run over the websocket: updates arrive until the
// final SUCCESS, and then the subscription completes.
func TestExecutionUpdatedSubscription(t *testing.T) {
	e := newBackupEnv(t)
	f := sqliteFixture(t)
	f.seed(t, f.db, 2000)
	job := e.job("live", e.source("lite", f), nil, "", e.localDest("disk", t.TempDir()))
	id := e.do(runJobOp, map[string]any{"id": job}, "runJob")["id"].(string)

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	header := http.Header{}
	for k, v := range e.admin {
		header.Set(k, v)
	}
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(e.url, "http")+"/graphql",
		&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: header})
	require.NoError(t, err)
	defer conn.CloseNow()
	require.NoError(t, wsjson.Write(ctx, conn, map[string]any{"type": "connection_init"}))
	var msg map[string]any
	require.NoError(t, wsjson.Read(ctx, conn, &msg))
	require.Equal(t, "connection_ack", msg["type"])
	require.NoError(t, wsjson.Write(ctx, conn, map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{
		"query":     `subscription($id: ID!) { executionUpdated(id: $id) { status phase log { message } targets { status bytes } } }`,
		"variables": map[string]any{"id": id}}}))
	var statuses []string
	var last map[string]any
	for {
		require.NoError(t, wsjson.Read(ctx, conn, &msg))
		if msg["type"] == "ping" {
			continue
		}
		if msg["type"] == "complete" {
			break
		}
		require.Equal(t, "next", msg["type"], "%v", msg)
		last = msg["payload"].(map[string]any)["data"].(map[string]any)["executionUpdated"].(map[string]any)
		statuses = append(statuses, last["status"].(string))
	}
	require.NotEmpty(t, statuses)
	require.Equal(t, "SUCCESS", statuses[len(statuses)-1], "%v", statuses)
	require.Equal(t, "done", last["phase"])
	require.Contains(t, fmt.Sprint(last["log"]), "stored")
	require.Equal(t, "DONE", last["targets"].([]any)[0].(map[string]any)["status"])
}

// TestOneRunPerSource: while a backup of a source hangs on a destination, another job's run on
// the same source waits in the queue (QUEUED); a third job on another source runs meanwhile;
// once the first is cancelled the waiting run goes through.
func TestOneRunPerSource(t *testing.T) {
	e := newBackupEnv(t)
	f := sqliteFixture(t)
	f.seed(t, f.db, 50)
	src := e.source("lite", f)
	other := sqliteFixture(t)
	other.seed(t, other.db, 10)
	stuck := e.do(createDestOp, map[string]any{"in": map[string]any{"name": "stuck", "kind": "s3",
		"settings": kv(map[string]string{"endpoint": hangingS3(t), "bucket": "b", "path_style": "true", "access_key_id": "AK"}),
		"secrets":  kv(map[string]string{"secret_access_key": "not-a-real-secret"})}}, "createDestination")["id"].(string)
	disk := e.localDest("disk", t.TempDir())
	first := e.do(runJobOp, map[string]any{"id": e.job("hangs", src, nil, "", disk, stuck)}, "runJob")["id"].(string)
	require.Eventually(t, func() bool { return e.do(executionOp, map[string]any{"id": first}, "execution")["status"] == "RUNNING" },
		30*time.Second, 100*time.Millisecond)

	second := e.do(runJobOp, map[string]any{"id": e.job("waits", src, nil, "", disk)}, "runJob")["id"].(string)
	elsewhere := e.run(e.job("elsewhere", e.source("other", other), nil, "", disk))
	require.Equal(t, "SUCCESS", elsewhere["status"], "another source is not held up")
	require.Equal(t, "QUEUED", e.do(executionOp, map[string]any{"id": second}, "execution")["status"], "the same source waits")

	e.do(`mutation($id: ID!) { cancelExecution(id: $id) { id } }`, map[string]any{"id": first}, "cancelExecution")
	require.Equal(t, "CANCELLED", e.wait(first)["status"])
	require.Equal(t, "SUCCESS", e.wait(second)["status"])
}
