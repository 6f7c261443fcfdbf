package server

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestRetentionAfterBackups: with keep-last 2 on a destination, each successful backup queues
// retention there; it deletes the older backups (sidecar and object) but never a locked one or
// an object without a sidecar, and the dry run says why each backup stays or goes.
func TestRetentionAfterBackups(t *testing.T) {
	e := newBackupEnv(t)
	f := sqliteFixture(t)
	f.seed(t, f.db, 20)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "by-hand.sql"), []byte("SELECT 1;"), 0o600))
	disk := e.localDest("disk", dir)
	job := e.do(createJobOp, map[string]any{"in": map[string]any{"name": "kept", "sourceId": e.source("lite", f),
		"targets": []map[string]any{{"destinationId": disk, "retention": map[string]any{"keepLast": 2}}}}}, "createJob")["id"].(string)

	var objects []string
	for i := range 4 {
		exe := e.run(job)
		require.Equal(t, "SUCCESS", exe["status"], "%v", exe)
		objects = append(objects, exe["objectKey"].(string))
		if i == 0 {
			id := backupsOf(exe)[0]["id"]
			b := e.do(`mutation($id: ID!) { setBackupLocked(id: $id, locked: true) { locked } }`, map[string]any{"id": id}, "setBackupLocked")
			require.Equal(t, true, b["locked"])
		}
		time.Sleep(1100 * time.Millisecond) // distinct creation seconds in the object names
	}
	// Retention runs on the queue after each backup; wait until the second backup is gone.
	gone := filepath.Join(dir, filepath.FromSlash(objects[1]))
	require.Eventually(t, func() bool { _, err := os.Stat(gone); return os.IsNotExist(err) }, 30*time.Second, 100*time.Millisecond)
	require.NoFileExists(t, gone+".meta.json")
	for _, keep := range []string{objects[0], objects[2], objects[3]} {
		require.FileExists(t, filepath.Join(dir, filepath.FromSlash(keep)))
		require.FileExists(t, filepath.Join(dir, filepath.FromSlash(keep))+".meta.json")
	}
	require.FileExists(t, filepath.Join(dir, "by-hand.sql"), "objects without a sidecar are never deleted")

	const previewOp = `query($j: ID!, $d: ID!) { retentionPreview(job: $j, destination: $d) { backup { objectKey locked } keep reasons } }`
	plan := data(t, gqlVars(t, e.url, previewOp, map[string]any{"j": job, "d": disk}, e.admin), "retentionPreview").([]any)
	require.Len(t, plan, 3)
	var got []string
	for _, d := range plan {
		d := d.(map[string]any)
		require.Equal(t, true, d["keep"])
		got = append(got, d["backup"].(map[string]any)["objectKey"].(string))
	}
	require.Equal(t, []string{objects[3], objects[2], objects[0]}, got, "newest first")
	require.True(t, slices.Contains(toStrings(plan[2].(map[string]any)["reasons"]), "locked"))
	require.Equal(t, []string{"newest successful backup", "last 2"}, toStrings(plan[0].(map[string]any)["reasons"]))

	r := gqlVars(t, e.url, previewOp, map[string]any{"j": job, "d": e.localDest("other", t.TempDir())}, e.admin)
	require.Equal(t, "INVALID_INPUT", gqlCode(r))
	require.Equal(t, "destination", errorField(r))
}

func toStrings(v any) []string {
	var out []string
	for _, s := range v.([]any) {
		out = append(out, s.(string))
	}
	return out
}
