package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite" // seeds the SQLite source
)

// client is a signed-in GraphQL client of a served binary.
type client struct {
	t      *testing.T
	base   string
	cookie string
}

func (c *client) post(path string, body any) (*http.Response, map[string]any) {
	c.t.Helper()
	b, err := json.Marshal(body)
	require.NoError(c.t, err)
	req, err := http.NewRequest(http.MethodPost, c.base+path, bytes.NewReader(b))
	require.NoError(c.t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-DBackup-CSRF", "1")
	if c.cookie != "" {
		req.Header.Set("Cookie", "dbackup_session="+c.cookie)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	var out map[string]any
	require.NoError(c.t, json.NewDecoder(resp.Body).Decode(&out))
	return resp, out
}

func (c *client) signIn(setup bool) {
	c.t.Helper()
	user := map[string]any{"username": "admin", "password": "a long enough admin password"}
	if setup {
		_, out := c.post("/graphql", map[string]any{"query": `mutation($i: SetupAdminInput!) { setupAdmin(input: $i) { id } }`,
			"variables": map[string]any{"i": user}})
		require.Nil(c.t, out["errors"], "%v", out)
	}
	resp, _ := c.post("/auth/login", user)
	for _, ck := range resp.Cookies() {
		if ck.Name == "dbackup_session" {
			c.cookie = ck.Value
		}
	}
	require.NotEmpty(c.t, c.cookie)
}

func (c *client) gql(q string, vars map[string]any, field string) map[string]any {
	c.t.Helper()
	_, out := c.post("/graphql", map[string]any{"query": q, "variables": vars})
	require.Nil(c.t, out["errors"], "%v", out)
	return out["data"].(map[string]any)[field].(map[string]any)
}

func (c *client) execution(id string) map[string]any {
	return c.gql(`query($id: ID!) { execution(id: $id) { status errorCode error dumpBytes objectKey } }`, map[string]any{"id": id}, "execution")
}

// TestKilledServerFailsItsRunOnRestart kills the server with SIGKILL in the middle of a backup
// (one destination done, the other stuck): after a restart the run is FAILED as interrupted,
// nothing it wrote is left on the destinations, and the next run succeeds.
func TestKilledServerFailsItsRunOnRestart(t *testing.T) {
	dataDir, out := t.TempDir(), t.TempDir()
	keyEnv := "ENCRYPTION_KEY=" + string(bytes.Repeat([]byte("ab"), 32))
	dbFile := filepath.Join(t.TempDir(), "app.db")
	db, err := sql.Open("sqlite", dbFile)
	require.NoError(t, err)
	_, err = db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t (v) VALUES ('a'), ('b')`)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	// A destination that accepts connections and never answers keeps the run going.
	hang := hangingEndpoint(t)

	base, cmd, stderr := serve(t, "DATA_DIR="+dataDir, keyEnv, "NODE_NAME=node-a")
	c := &client{t: t, base: base}
	c.signIn(true)
	src := c.gql(`mutation($in: SourceInput!) { createSource(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"name": "lite", "engine": "sqlite", "settings": []any{map[string]any{"name": "database", "value": dbFile}}}}, "createSource")["id"]
	destOp := `mutation($in: DestinationInput!) { createDestination(input: $in) { id } }`
	disk := c.gql(destOp, map[string]any{"in": map[string]any{"name": "disk", "kind": "local",
		"settings": []any{map[string]any{"name": "path", "value": out}}}}, "createDestination")["id"]
	stuck := c.gql(destOp, map[string]any{"in": map[string]any{"name": "stuck", "kind": "s3",
		"settings": []any{map[string]any{"name": "endpoint", "value": hang},
			map[string]any{"name": "bucket", "value": "b"}, map[string]any{"name": "path_style", "value": "true"},
			map[string]any{"name": "access_key_id", "value": "AK"}},
		"secrets": []any{map[string]any{"name": "secret_access_key", "value": "SK"}}}}, "createDestination")["id"]
	job := c.gql(`mutation($in: JobInput!) { createJob(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"name": "nightly", "sourceId": src, "targets": []any{map[string]any{"destinationId": disk}, map[string]any{"destinationId": stuck}}}}, "createJob")["id"]
	id := c.gql(`mutation($id: ID!) { runJob(id: $id) { id } }`, map[string]any{"id": job}, "runJob")["id"].(string)
	require.Eventually(t, func() bool {
		e := c.execution(id)
		return e["status"] == "RUNNING" && e["dumpBytes"].(float64) > 0
	}, 30*time.Second, 100*time.Millisecond, "stderr: %s", stderr)
	time.Sleep(1500 * time.Millisecond) // the local copy is complete by now, without its sidecar

	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()

	base, _, stderr = serve(t, "DATA_DIR="+dataDir, keyEnv, "NODE_NAME=node-a")
	c = &client{t: t, base: base}
	c.signIn(false)
	e := c.execution(id)
	require.Equal(t, "FAILED", e["status"], "%v", e)
	require.Equal(t, "INTERRUPTED", e["errorCode"])
	require.Contains(t, e["error"], "node-a")
	var left []string
	require.NoError(t, filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			left = append(left, p)
		}
		return err
	}))
	require.Empty(t, left, "no partial or unannounced object is left; stderr: %s", stderr)

	// Without the stuck destination the next run succeeds.
	c.gql(`mutation($id: ID!, $in: UpdateJobInput!) { updateJob(id: $id, input: $in) { id } }`, map[string]any{"id": job,
		"in": map[string]any{"targets": []any{map[string]any{"destinationId": disk}}}}, "updateJob")
	id = c.gql(`mutation($id: ID!) { runJob(id: $id) { id } }`, map[string]any{"id": job}, "runJob")["id"].(string)
	require.Eventually(t, func() bool { return c.execution(id)["status"] == "SUCCESS" }, 30*time.Second, 100*time.Millisecond)
	key := c.execution(id)["objectKey"].(string)
	require.FileExists(t, filepath.Join(out, key))
	require.FileExists(t, filepath.Join(out, key+".meta.json"))
}

// hangingEndpoint is an address that accepts connections and never answers: an S3 endpoint
// there keeps a run going until it is killed or cancelled.
func hangingEndpoint(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { _, _ = conn.Read(make([]byte, 1<<20)); time.Sleep(time.Hour) }()
		}
	}()
	return "http://" + ln.Addr().String()
}
