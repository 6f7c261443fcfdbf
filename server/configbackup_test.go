package server

import (
	"bytes"
	"database/sql"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/storage/s3/s3test"
)

const (
	exportConfigOp = `mutation($in: ConfigExportInput!) { exportConfig(input: $in) { fileName content includesSecrets } }`
	importConfigOp = `mutation($in: ConfigImportInput!) { importConfig(input: $in) { applied changes { kind name action newName } warnings } }`
	// configPass is the passphrase of the tests' sealed exports.
	configPass = "a passphrase long enough"
)

// configuredEnv is an instance with one of everything that carries a secret: a PostgreSQL
// source with a password, an S3 destination, an Encryption Profile, a job, a webhook channel
// with a signing secret, a group and a user.
type configuredEnv struct {
	*backupEnv
	dir     string
	secrets []string
	// dest is the S3 destination on bucket; profile the Encryption Profile; job the job.
	dest, bucket, profile, jobID string
}

func newConfiguredEnv(t *testing.T, gw *s3test.Server, key string) *configuredEnv {
	dir := t.TempDir()
	s := start(t, Config{DataDir: dir, Getenv: envMap(map[string]string{"ENCRYPTION_KEY": key})}, testDist)
	e := &configuredEnv{backupEnv: &backupEnv{t: t, url: s.url, admin: withCookie(adminCookie(t, s.url), true)}, dir: dir}
	f := pgFixture(t)
	f.seed(t, f.db, 20)
	pgPass := secret("pg-password-7c1e-not-checked-by-trust")
	src := e.do(createSourceOp, map[string]any{"in": map[string]any{"name": "prod-pg", "engine": "postgres",
		"settings": kv(f.settings), "secrets": kv(map[string]string{"password": pgPass})}}, "createSource")["id"].(string)
	e.dest, e.bucket = e.s3DestBucket("s3-main", gw)
	e.profile = e.do(createProfileOp, map[string]any{"name": "main-key"}, "createEncryptionProfile")["id"].(string)
	e.jobID = e.job("nightly", src, []string{f.db}, e.profile, e.dest)
	hook := secret("webhook-signing-secret-41aa")
	e.do(createChannelOp, map[string]any{"in": map[string]any{"name": "hooks", "kind": "webhook",
		"settings": kv(map[string]string{"url": "https://hooks.example.com/x"}), "secrets": kv(map[string]string{"secret": hook})}},
		"createNotificationChannel")
	g := e.do(createGroupOp, map[string]any{"in": map[string]any{"name": "Operators", "permissions": []string{"jobs:run"}}}, "createGroup")
	e.do(createUserOp, map[string]any{"in": map[string]any{"username": "bob", "password": secret("bob's long password 9f"),
		"groupIds": []any{g["id"]}}}, "createUser")
	e.secrets = []string{pgPass, gw.SecretKey, hook}
	return e
}

// export runs exportConfig and returns the document.
func (e *backupEnv) export(in map[string]any) map[string]any {
	e.t.Helper()
	return e.do(exportConfigOp, map[string]any{"in": in}, "exportConfig")
}

// freshEnv is an empty instance with its own ENCRYPTION_KEY and an admin.
func freshEnv(t *testing.T) (*backupEnv, string) {
	dir := t.TempDir()
	key, _ := hexKey(t)
	s := start(t, Config{DataDir: dir, Getenv: envMap(map[string]string{"ENCRYPTION_KEY": key})}, testDist)
	return &backupEnv{t: t, url: s.url, admin: withCookie(adminCookie(t, s.url), true)}, dir
}

// rowCounts counts the configuration rows of an instance's database, read beside the server.
func rowCounts(t *testing.T, dir string) map[string]int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "dbackup.db")+"?mode=ro")
	require.NoError(t, err)
	defer db.Close()
	out := map[string]int{}
	for _, table := range []string{"sources", "destinations", "encryption_profiles", "jobs", "notification_channels", "groups", "users", "settings"} {
		var n int
		require.NoError(t, db.QueryRow("SELECT count(*) FROM "+table).Scan(&n), table)
		out[table] = n
	}
	return out
}

// TestConfigExportImportRoundTrip moves a whole configuration to an instance with another
// ENCRYPTION_KEY; there the job backs up and the source tests OK without re-entering anything.
func TestConfigExportImportRoundTrip(t *testing.T) {
	gw := s3test.Start(t)
	keyA, _ := hexKey(t)
	a := newConfiguredEnv(t, gw, keyA)
	exp := a.export(map[string]any{"includeSecrets": true, "passphrase": configPass})
	require.Regexp(t, `^dbackup-config-\d{8}-\d{6}\.json$`, exp["fileName"])
	require.Equal(t, true, exp["includesSecrets"])
	content := exp["content"].(string)
	for _, s := range a.secrets {
		require.NotContains(t, content, s, "secrets are inside the sealed envelope only")
	}

	b, _ := freshEnv(t)
	dry := b.do(importConfigOp, map[string]any{"in": map[string]any{"content": content, "passphrase": configPass,
		"policy": "SKIP", "dryRun": true}}, "importConfig")
	require.Equal(t, false, dry["applied"])
	plan := b.do(importConfigOp, map[string]any{"in": map[string]any{"content": content, "passphrase": configPass,
		"policy": "SKIP", "dryRun": false}}, "importConfig")
	require.Equal(t, true, plan["applied"])
	require.Contains(t, plan["changes"], map[string]any{"kind": "job", "name": "nightly", "action": "CREATE", "newName": nil})

	srcs := data(t, gqlVars(t, b.url, `{ sources { edges { node { id name } } } }`, nil, b.admin), "sources").(map[string]any)["edges"].([]any)
	require.Len(t, srcs, 1)
	srcID := srcs[0].(map[string]any)["node"].(map[string]any)["id"]
	test := b.do(testSourceOp, map[string]any{"id": srcID}, "testSource")
	require.Equal(t, true, test["ok"], "%v", test)
	jobs := data(t, gqlVars(t, b.url, `{ jobs { edges { node { id name } } } }`, nil, b.admin), "jobs").(map[string]any)["edges"].([]any)
	require.Len(t, jobs, 1)
	exe := b.run(jobs[0].(map[string]any)["node"].(map[string]any)["id"].(string))
	require.Equal(t, "SUCCESS", exe["status"], "%v", exe)
}

// TestConfigImportRefusesDamagedFiles: each damage is refused with its code and field, and the
// target database is left as it was.
func TestConfigImportRefusesDamagedFiles(t *testing.T) {
	gw := s3test.Start(t)
	keyA, _ := hexKey(t)
	a := newConfiguredEnv(t, gw, keyA)
	content := a.export(map[string]any{"includeSecrets": true, "passphrase": configPass})["content"].(string)
	b, dirB := freshEnv(t)
	before := rowCounts(t, dirB)
	flipped := []byte(content)
	at := strings.Index(content, `"prod-pg"`) + 3
	flipped[at] ^= 0x01
	future := regexp.MustCompile(`"version": 1,`).ReplaceAllString(content, `"version": 2,`)
	for _, tt := range []struct {
		name, content, pass, code, field string
	}{
		{"wrong passphrase", content, "another long passphrase", "CONFIG_OPEN_FAILED", "passphrase"},
		{"no passphrase", content, "", "CONFIG_OPEN_FAILED", "passphrase"},
		{"edited byte", string(flipped), configPass, "CONFIG_OPEN_FAILED", "passphrase"},
		{"truncated", content[:len(content)/2], configPass, "INVALID_INPUT", "content"},
		{"not a config backup", `{"hello": "world"}`, configPass, "INVALID_INPUT", "content"},
		{"future version", future, configPass, "CONFIG_FUTURE_VERSION", "content"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := gqlVars(t, b.url, importConfigOp, map[string]any{"in": map[string]any{"content": tt.content,
				"passphrase": tt.pass, "policy": "OVERWRITE", "dryRun": false}}, b.admin)
			require.Equal(t, tt.code, gqlCode(r), r.body)
			require.Equal(t, tt.field, errorField(r), r.body)
			require.Equal(t, before, rowCounts(t, dirB), "nothing was written")
		})
	}
}

// TestConfigExportRules: without secrets no secret is in the file; with secrets the passphrase
// must be long, and the viewer needs vault:reveal.
func TestConfigExportRules(t *testing.T) {
	gw := s3test.Start(t)
	keyA, _ := hexKey(t)
	a := newConfiguredEnv(t, gw, keyA)
	plain := a.export(map[string]any{"includeSecrets": false})
	require.Equal(t, false, plain["includesSecrets"])
	for _, s := range a.secrets {
		require.False(t, bytes.Contains([]byte(plain["content"].(string)), []byte(s)), "a secret is in the export without secrets")
	}
	require.Contains(t, plain["content"], `"secrets": "none"`)

	r := gqlVars(t, a.url, exportConfigOp, map[string]any{"in": map[string]any{"includeSecrets": true, "passphrase": "too short"}}, a.admin)
	require.Equal(t, "INVALID_INPUT", gqlCode(r))
	require.Equal(t, "passphrase", errorField(r))
	r = gqlVars(t, a.url, exportConfigOp, map[string]any{"in": map[string]any{"includeSecrets": false, "includePasswordHashes": true}}, a.admin)
	require.Equal(t, "INVALID_INPUT", gqlCode(r))
	require.Equal(t, "includePasswordHashes", errorField(r))

	// A reader of settings without vault:reveal exports without secrets only.
	g := a.do(createGroupOp, map[string]any{"in": map[string]any{"name": "Settings readers", "permissions": []string{"settings:read"}}}, "createGroup")
	a.do(createUserOp, map[string]any{"in": map[string]any{"username": "carol", "password": "carol's long password", "groupIds": []any{g["id"]}}}, "createUser")
	carol := withCookie(sessionCookieOf(t, login(t, a.url, "carol", "carol's long password")), true)
	r = gqlVars(t, a.url, exportConfigOp, map[string]any{"in": map[string]any{"includeSecrets": true, "passphrase": configPass}}, carol)
	require.Equal(t, "FORBIDDEN", gqlCode(r), r.body)
	require.Contains(t, r.body, "vault:reveal")
	data(t, gqlVars(t, a.url, exportConfigOp, map[string]any{"in": map[string]any{"includeSecrets": false}}, carol), "exportConfig")

	db, err := sql.Open("sqlite", "file:"+filepath.Join(a.dir, "dbackup.db")+"?mode=ro")
	require.NoError(t, err)
	defer db.Close()
	var n int
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM audit_entries WHERE action = 'config.export'`).Scan(&n))
	require.Equal(t, 2, n, "both successful exports are audited")
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM audit_entries WHERE details LIKE ?`, "%"+configPass+"%").Scan(&n))
	require.Zero(t, n, "the passphrase is never audited")
}
