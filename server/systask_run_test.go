package server

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/schedule"
	"github.com/dbackup/dbackup/internal/testutil/pgtest"
	"github.com/dbackup/dbackup/internal/vault"
)

// TestScheduledSystemBackupOnPostgresControlPlane: on PostgreSQL the schedule fires through
// River's maintenance queue and the System Backup is a pg_dump custom archive.
func TestScheduledSystemBackupOnPostgresControlPlane(t *testing.T) {
	old := schedule.MinEvery
	schedule.MinEvery = time.Second
	t.Cleanup(func() { schedule.MinEvery = old })
	s := start(t, Config{DatabaseURL: pgtest.NewDatabase(t), SchedulerInterval: 100 * time.Millisecond}, testDist)
	e := &backupEnv{t: t, url: s.url, admin: withCookie(adminCookie(t, s.url), true)}
	out := t.TempDir()
	dest := e.localDest("disk", out)
	profile := e.do(createProfileOp, map[string]any{"name": "system"}, "createEncryptionProfile")["id"].(string)
	e.do(updateSystemTask, map[string]any{"k": "SYSTEM_BACKUP", "in": taskInput(dest, profile, map[string]any{
		"schedule": "@every 1s", "timezone": "UTC"})}, "updateSystemTask")

	var last map[string]any
	require.Eventually(t, func() bool {
		last, _ = e.do(systemTaskOp, map[string]any{"k": "SYSTEM_BACKUP"}, "systemTask")["lastRun"].(map[string]any)
		return last != nil && last["status"] != "RUNNING" && last["scheduled"] == true
	}, 60*time.Second, 200*time.Millisecond)
	require.Equal(t, "SUCCESS", last["status"], "%v", last)
	st := e.do(updateSystemTask, map[string]any{"k": "SYSTEM_BACKUP", "in": taskInput(dest, profile, map[string]any{"enabled": false})}, "updateSystemTask")
	require.Contains(t, toStrings(st["restoreSteps"]), "Point DATABASE_URL at the restored database.")

	object := filepath.Join(out, last["objectKey"].(string))
	require.Regexp(t, `\.dump\.zst\.enc$`, object)
	raw, err := os.ReadFile(object + ".meta.json")
	require.NoError(t, err)
	var sc map[string]any
	require.NoError(t, json.Unmarshal(raw, &sc))
	require.Equal(t, "dbackup-system", sc["engine"])
	require.Equal(t, "pg_dump-custom", sc["format"])
	require.Equal(t, "System Backup", sc["jobName"])

	pk, err := vault.ParseKey(e.revealKey(profile))
	require.NoError(t, err)
	plain := filepath.Join(t.TempDir(), "restored")
	decryptTo(t, object, pk, plain)
	head, err := os.ReadFile(plain)
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(head, []byte("PGDMP")), "a pg_dump custom archive")
}

// TestRunSystemTaskReportsKeyMismatch: a task whose profile key is sealed under another
// ENCRYPTION_KEY fails with ENCRYPTION_KEY_MISMATCH, and the failed run is recorded.
func TestRunSystemTaskReportsKeyMismatch(t *testing.T) {
	dir := t.TempDir()
	keyA, _ := hexKey(t)
	keyB, _ := hexKey(t)
	s := start(t, Config{DataDir: dir, Getenv: envMap(map[string]string{"ENCRYPTION_KEY": keyA})}, testDist)
	e := &backupEnv{t: t, url: s.url, admin: withCookie(adminCookie(t, s.url), true)}
	dest := e.localDest("disk", t.TempDir())
	profile := e.do(createProfileOp, map[string]any{"name": "config"}, "createEncryptionProfile")["id"].(string)
	e.do(updateSystemTask, map[string]any{"k": "CONFIG_BACKUP", "in": taskInput(dest, profile, map[string]any{"enabled": false})}, "updateSystemTask")
	require.NoError(t, s.stop())

	s = start(t, Config{DataDir: dir, Getenv: envMap(map[string]string{"ENCRYPTION_KEY": keyB})}, testDist)
	admin := withCookie(sessionCookieOf(t, login(t, s.url, adminName, adminPassword)), true)
	r := gqlVars(t, s.url, runSystemTaskOp, map[string]any{"k": "CONFIG_BACKUP"}, admin)
	require.Equal(t, "ENCRYPTION_KEY_MISMATCH", gqlCode(r), r.body)
	last := data(t, gqlVars(t, s.url, systemTaskOp, map[string]any{"k": "CONFIG_BACKUP"}, admin), "systemTask").(map[string]any)["lastRun"].(map[string]any)
	require.Equal(t, "FAILED", last["status"])
	require.Contains(t, last["error"], "ENCRYPTION_KEY")
}
