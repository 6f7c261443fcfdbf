package server

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/dbackup/dbackup/internal/storage/s3/s3test"
	"github.com/dbackup/dbackup/internal/vault"
)

const (
	systemTaskFields  = `kind enabled schedule timezone keepLast nextRunAt destination { name } encryptionProfile { name } restoreSteps lastRun { status error objectKey size scheduled }`
	updateSystemTask  = `mutation($k: SystemTaskKind!, $in: SystemTaskInput!) { updateSystemTask(kind: $k, input: $in) { ` + systemTaskFields + ` } }`
	runSystemTaskOp   = `mutation($k: SystemTaskKind!) { runSystemTask(kind: $k) { status error objectKey size scheduled startedAt finishedAt } }`
	systemTaskOp      = `query($k: SystemTaskKind!) { systemTask(kind: $k) { ` + systemTaskFields + ` } }`
	importConfigBkpOp = `mutation($in: ConfigBackupImportInput!) { importConfigBackup(input: $in) { applied changes { kind name action } warnings } }`
	revealKeyOp       = `mutation($id: ID!) { revealEncryptionProfileKey(id: $id) { keyId key } }`
)

// taskInput is a valid SystemTaskInput with changes.
func taskInput(dest, profile string, change map[string]any) map[string]any {
	in := map[string]any{"enabled": true, "schedule": "0 3 * * *", "timezone": "Europe/Berlin",
		"destinationId": dest, "encryptionProfileId": profile, "keepLast": 2}
	for k, v := range change {
		in[k] = v
	}
	return in
}

// revealKey returns a profile's key, 64 hex characters. The reveal answer carries the key by
// design, so it is not registered as a secret that must never come back.
func (e *backupEnv) revealKey(profile string) string {
	e.t.Helper()
	return e.do(revealKeyOp, map[string]any{"id": profile}, "revealEncryptionProfileKey")["key"].(string)
}

func TestSystemTaskValidationNamesTheField(t *testing.T) {
	gw := s3test.Start(t)
	key, _ := hexKey(t)
	a := newConfiguredEnv(t, gw, key)
	for _, tt := range []struct {
		field  string
		change map[string]any
	}{
		{"schedule", map[string]any{"schedule": "every day"}},
		{"schedule", map[string]any{"schedule": "@every 1s"}},
		{"timezone", map[string]any{"timezone": "Mars/Olympus"}},
		{"keepLast", map[string]any{"keepLast": 0}},
		{"keepLast", map[string]any{"keepLast": 1001}},
		{"destinationId", map[string]any{"destinationId": nil}},
		{"destinationId", map[string]any{"destinationId": a.profile}},
		{"encryptionProfileId", map[string]any{"encryptionProfileId": nil}},
	} {
		r := gqlVars(t, a.url, updateSystemTask, map[string]any{"k": "SYSTEM_BACKUP", "in": taskInput(a.dest, a.profile, tt.change)}, a.admin)
		require.Equal(t, "INVALID_INPUT", gqlCode(r), "%v: %s", tt.change, r.body)
		require.Equal(t, tt.field, errorField(r), "%v: %s", tt.change, r.body)
	}
	// Disabled, a task needs neither destination nor profile; it has no next run.
	st := a.do(updateSystemTask, map[string]any{"k": "SYSTEM_BACKUP", "in": taskInput("", "", map[string]any{
		"enabled": false, "destinationId": nil, "encryptionProfileId": nil})}, "updateSystemTask")
	require.Nil(t, st["nextRunAt"])
	require.Nil(t, st["destination"])
	r := gqlVars(t, a.url, runSystemTaskOp, map[string]any{"k": "SYSTEM_BACKUP"}, a.admin)
	require.Equal(t, "INVALID_INPUT", gqlCode(r), r.body)
}

// TestConfigBackupTaskKeepsNAndImportsElsewhere: Run now stores Config Backups beside the job's
// backups, keep-N deletes only older Config Backups, and a fresh instance that imported the
// profile key imports one from its storage explorer, after which the credentials work there.
func TestConfigBackupTaskKeepsNAndImportsElsewhere(t *testing.T) {
	gw := s3test.Start(t)
	keyA, _ := hexKey(t)
	a := newConfiguredEnv(t, gw, keyA)
	require.Equal(t, "SUCCESS", a.run(a.jobID)["status"])
	st := a.do(updateSystemTask, map[string]any{"k": "CONFIG_BACKUP", "in": taskInput(a.dest, a.profile, nil)}, "updateSystemTask")
	require.NotNil(t, st["nextRunAt"])
	require.Equal(t, "s3-main", st["destination"].(map[string]any)["name"])
	require.Equal(t, "main-key", st["encryptionProfile"].(map[string]any)["name"])
	require.NotEmpty(t, st["restoreSteps"])

	var last map[string]any
	for range 3 {
		last = a.do(runSystemTaskOp, map[string]any{"k": "CONFIG_BACKUP"}, "runSystemTask")
		require.Equal(t, "SUCCESS", last["status"], "%v", last)
		require.Equal(t, false, last["scheduled"])
		require.Regexp(t, `^dbackup/config/dbackup-config-\d{8}T\d{6}(\.\d{3})?Z\.json\.zst\.enc$`, last["objectKey"])
	}
	st = a.do(systemTaskOp, map[string]any{"k": "CONFIG_BACKUP"}, "systemTask")
	require.Equal(t, last["objectKey"], st["lastRun"].(map[string]any)["objectKey"])

	listing := a.do(listingOp, map[string]any{"d": a.dest}, "destinationListing")
	var configs, jobs []map[string]any
	for _, b := range listing["backups"].([]any) {
		if b := b.(map[string]any); b["jobName"] == "Config Backup" {
			configs = append(configs, b)
		} else {
			jobs = append(jobs, b)
		}
	}
	require.Len(t, configs, 2, "keep-N kept the newest two")
	require.Len(t, jobs, 1, "the job's backup is untouched")
	require.Contains(t, []any{configs[0]["objectKey"], configs[1]["objectKey"]}, last["objectKey"])

	// A fresh instance with another key: the profile key, then the destination, then import.
	b, _ := freshEnv(t)
	b.do(`mutation($in: CreateEncryptionProfileInput!) { createEncryptionProfile(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"name": "restored key", "importKey": a.revealKey(a.profile)}}, "createEncryptionProfile")
	dest := b.do(createDestOp, map[string]any{"in": map[string]any{"name": "old bucket", "kind": "s3",
		"settings": kv(map[string]string{"endpoint": gw.Endpoint, "bucket": a.bucket, "path_style": "true",
			"access_key_id": gw.AccessKey, "prefix": "backups/"}),
		"secrets": kv(map[string]string{"secret_access_key": gw.SecretKey})}}, "createDestination")["id"].(string)
	var configID, jobBackupID string
	for _, bk := range b.do(listingOp, map[string]any{"d": dest}, "destinationListing")["backups"].([]any) {
		if bk := bk.(map[string]any); bk["objectKey"] == last["objectKey"] {
			configID = bk["id"].(string)
		} else if bk["jobName"] == "nightly" {
			jobBackupID = bk["id"].(string)
		}
	}
	require.NotEmpty(t, configID)
	r := gqlVars(t, b.url, importConfigBkpOp, map[string]any{"in": map[string]any{"backupId": jobBackupID, "policy": "SKIP", "dryRun": true}}, b.admin)
	require.Equal(t, "INVALID_INPUT", gqlCode(r), r.body)
	require.Equal(t, "backupId", errorField(r))
	plan := b.do(importConfigBkpOp, map[string]any{"in": map[string]any{"backupId": configID, "policy": "SKIP", "dryRun": false}}, "importConfigBackup")
	require.Equal(t, true, plan["applied"])
	require.Contains(t, plan["changes"], map[string]any{"kind": "source", "name": "prod-pg", "action": "CREATE"})

	jobs2 := data(t, gqlVars(t, b.url, `{ jobs { edges { node { id name } } } }`, nil, b.admin), "jobs").(map[string]any)["edges"].([]any)
	require.Len(t, jobs2, 1)
	exe := b.run(jobs2[0].(map[string]any)["node"].(map[string]any)["id"].(string))
	require.Equal(t, "SUCCESS", exe["status"], "%v", exe)
}

// TestSystemBackupRestoresWithTheSameKey restores a System Backup into a new data folder: with
// the same ENCRYPTION_KEY the key state is OK, with another it is MISMATCH.
func TestSystemBackupRestoresWithTheSameKey(t *testing.T) {
	keyA, _ := hexKey(t)
	dir := t.TempDir()
	s := start(t, Config{DataDir: dir, Getenv: envMap(map[string]string{"ENCRYPTION_KEY": keyA})}, testDist)
	e := &backupEnv{t: t, url: s.url, admin: withCookie(adminCookie(t, s.url), true)}
	e.do(createSourceOp, map[string]any{"in": map[string]any{"name": "pg", "engine": "postgres",
		"settings": kv(map[string]string{"host": "127.0.0.1", "username": "postgres"}), "secrets": kv(map[string]string{"password": secret("sealed-under-key-a")})}}, "createSource")
	out := t.TempDir()
	dest := e.localDest("disk", out)
	profile := e.do(createProfileOp, map[string]any{"name": "system"}, "createEncryptionProfile")["id"].(string)
	e.do(updateSystemTask, map[string]any{"k": "SYSTEM_BACKUP", "in": taskInput(dest, profile, map[string]any{"enabled": false})}, "updateSystemTask")
	run := e.do(runSystemTaskOp, map[string]any{"k": "SYSTEM_BACKUP"}, "runSystemTask")
	require.Equal(t, "SUCCESS", run["status"], "%v", run)
	require.Regexp(t, `^dbackup/system/dbackup-system-\d{8}T\d{6}Z\.db\.zst\.enc$`, run["objectKey"])
	leftovers, err := filepath.Glob(filepath.Join(dir, ".system-backup-*"))
	require.NoError(t, err)
	require.Empty(t, leftovers, "the snapshot file in DATA_DIR is removed")
	steps := e.do(systemTaskOp, map[string]any{"k": "SYSTEM_BACKUP"}, "systemTask")["restoreSteps"].([]any)
	require.Contains(t, strings.Join(toStrings(any(steps)), "\n"), "DATA_DIR/dbackup.db")

	// Restore as the steps say: decrypt with the profile key, put the file at DATA_DIR/dbackup.db.
	pk, err := vault.ParseKey(e.revealKey(profile))
	require.NoError(t, err)
	for _, tt := range []struct {
		name, key, state string
	}{{"same key", keyA, "OK"}, {"another key", "", "MISMATCH"}} {
		t.Run(tt.name, func(t *testing.T) {
			restored := t.TempDir()
			decryptTo(t, filepath.Join(out, run["objectKey"].(string)), pk, filepath.Join(restored, "dbackup.db"))
			key := tt.key
			if key == "" {
				key, _ = hexKey(t)
			}
			r := start(t, Config{DataDir: restored, Getenv: envMap(map[string]string{"ENCRYPTION_KEY": key})}, testDist)
			require.Equal(t, tt.state, keyStatus(t, r.url)["state"])
		})
	}
}

// decryptTo decrypts and decompresses a stored backup into path.
func decryptTo(t *testing.T, object string, key vault.Key, path string) {
	t.Helper()
	f, err := os.Open(object)
	require.NoError(t, err)
	defer f.Close()
	er, err := encfile.NewReader(f, encfile.Keys(key))
	require.NoError(t, err)
	zr, err := compress.NewReader(er, compress.Zstd)
	require.NoError(t, err)
	defer zr.Close()
	w, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	require.NoError(t, err)
	_, err = io.Copy(w, zr)
	require.NoError(t, err)
	require.NoError(t, w.Close())
}
