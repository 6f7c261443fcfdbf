package main

import (
	"bytes"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/testutil/pgtest"
)

// syncBuffer is a bytes.Buffer safe to read while a process writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// work starts `dbackup worker` and waits until it says it is working.
func work(t *testing.T, extra ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(binary, "worker")
	cmd.Env = env(append([]string{"DATA_DIR=" + t.TempDir()}, extra...)...)
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	require.Eventually(t, func() bool { return strings.Contains(stderr.String(), "dbackup worker is working") },
		30*time.Second, 100*time.Millisecond, "worker did not start; stderr:\n%s", stderr)
	return cmd
}

// TestTwoNodesOnPostgres runs a serving node and a worker node on one PostgreSQL database: a
// fast schedule fires every instant exactly once across both, and a node killed during a backup
// has its run failed by the other within STALE_AFTER plus a quarter of it, with nothing left on
// the destination.
func TestTwoNodesOnPostgres(t *testing.T) {
	dbURL := pgtest.NewDatabase(t)
	common := []string{"DATABASE_URL=" + dbURL, "ENCRYPTION_KEY=" + strings.Repeat("cd", 32),
		"SCHEDULER_INTERVAL=100ms", "SCHEDULE_MIN_INTERVAL=1s", "STALE_AFTER=5s"}
	base, serveCmd, stderr := serve(t, append(common, "NODE_NAME=node-a")...)
	workerCmd := work(t, append(common, "NODE_NAME=node-b")...)
	c := &client{t: t, base: base}
	c.signIn(true)

	dbFile := filepath.Join(t.TempDir(), "app.db")
	db, err := sql.Open("sqlite", dbFile)
	require.NoError(t, err)
	_, err = db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t (v) VALUES ('a'), ('b')`)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	out := t.TempDir()
	src := c.gql(`mutation($in: SourceInput!) { createSource(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"name": "lite", "engine": "sqlite", "settings": []any{map[string]any{"name": "database", "value": dbFile}}}}, "createSource")["id"]
	destOp := `mutation($in: DestinationInput!) { createDestination(input: $in) { id } }`
	disk := c.gql(destOp, map[string]any{"in": map[string]any{"name": "disk", "kind": "local",
		"settings": []any{map[string]any{"name": "path", "value": out}}}}, "createDestination")["id"]

	// Every two seconds for about 16 seconds, on two nodes that both look every 100 ms.
	job := c.gql(`mutation($in: JobInput!) { createJob(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"name": "often", "sourceId": src, "schedule": "@every 2s", "targets": []any{map[string]any{"destinationId": disk}}}}, "createJob")["id"]
	time.Sleep(16 * time.Second)
	c.gql(`mutation($id: ID!) { updateJob(id: $id, input: {enabled: false}) { id } }`, map[string]any{"id": job}, "updateJob")
	time.Sleep(500 * time.Millisecond)
	runs := c.gql(`query($j: ID!) { executions(first: 100, where: {hasJobWith: {id: $j}}) { edges { node { trigger scheduledFor status nodeName } } } }`,
		map[string]any{"j": job}, "executions")["edges"].([]any)
	var instants []time.Time
	nodes := map[string]int{}
	for _, e := range runs {
		n := e.(map[string]any)["node"].(map[string]any)
		require.Equal(t, "schedule", n["trigger"])
		at, err := time.Parse(time.RFC3339, n["scheduledFor"].(string))
		require.NoError(t, err)
		instants = append(instants, at)
		if name, _ := n["nodeName"].(string); name != "" {
			nodes[name]++
		}
	}
	slices.SortFunc(instants, func(a, b time.Time) int { return a.Compare(b) })
	require.GreaterOrEqual(t, len(instants), 6, "stderr: %s", stderr)
	for i := 1; i < len(instants); i++ {
		require.Equal(t, 2*time.Second, instants[i].Sub(instants[i-1]), "each instant once, none skipped: %v", instants)
	}
	t.Logf("%d scheduled runs, by node: %v", len(instants), nodes)

	// A destination that accepts connections and never answers keeps a run going.
	hangAt := hangingEndpoint(t)
	out2 := t.TempDir()
	disk2 := c.gql(destOp, map[string]any{"in": map[string]any{"name": "disk2", "kind": "local",
		"settings": []any{map[string]any{"name": "path", "value": out2}}}}, "createDestination")["id"]
	stuck := c.gql(destOp, map[string]any{"in": map[string]any{"name": "stuck", "kind": "s3",
		"settings": []any{map[string]any{"name": "endpoint", "value": hangAt},
			map[string]any{"name": "bucket", "value": "b"}, map[string]any{"name": "path_style", "value": "true"},
			map[string]any{"name": "access_key_id", "value": "AK"}},
		"secrets": []any{map[string]any{"name": "secret_access_key", "value": "SK"}}}}, "createDestination")["id"]
	hang := c.gql(`mutation($in: JobInput!) { createJob(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"name": "hang", "sourceId": src, "targets": []any{map[string]any{"destinationId": disk2}, map[string]any{"destinationId": stuck}}}}, "createJob")["id"]
	id := c.gql(`mutation($id: ID!) { runJob(id: $id) { id } }`, map[string]any{"id": hang}, "runJob")["id"].(string)
	var node string
	require.Eventually(t, func() bool {
		e := c.gql(`query($id: ID!) { execution(id: $id) { status nodeName dumpBytes } }`, map[string]any{"id": id}, "execution")
		node, _ = e["nodeName"].(string)
		return e["status"] == "RUNNING" && e["dumpBytes"].(float64) > 0
	}, 30*time.Second, 100*time.Millisecond)
	time.Sleep(1500 * time.Millisecond)

	killed := time.Now()
	switch node {
	case "node-b":
		require.NoError(t, workerCmd.Process.Kill())
	case "node-a":
		// The serving node runs it: kill it and serve again as a third node to look.
		require.NoError(t, serveCmd.Process.Kill())
		base, _, _ = serve(t, append(common, "NODE_NAME=node-c")...)
		c = &client{t: t, base: base}
		c.signIn(false)
	default:
		t.Fatalf("run on unexpected node %q", node)
	}
	var e map[string]any
	require.Eventually(t, func() bool {
		e = c.execution(id)
		return e["status"] == "FAILED"
	}, 20*time.Second, 200*time.Millisecond)
	require.Less(t, time.Since(killed), 15*time.Second, "failed within STALE_AFTER (5s) plus the look interval")
	require.Equal(t, "INTERRUPTED", e["errorCode"])
	require.Contains(t, e["error"], node)
	var left []string
	require.NoError(t, filepath.WalkDir(out2, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			left = append(left, p)
		}
		return err
	}))
	require.Empty(t, left, "nothing the killed node wrote is left")
}
