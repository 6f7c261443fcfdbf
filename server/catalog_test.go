package server

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/storage/s3/s3test"
	"github.com/dbackup/dbackup/internal/testutil/mongotest"
	"github.com/dbackup/dbackup/internal/testutil/mysqltest"
	"github.com/dbackup/dbackup/internal/testutil/pgtest"
	"github.com/dbackup/dbackup/internal/testutil/redistest"
	"github.com/dbackup/dbackup/internal/testutil/sftptest"
)

const (
	sourceFields   = `id name engine host port username settings { name value } secrets { field state }`
	createSourceOp = `mutation($in: SourceInput!) { createSource(input: $in) { ` + sourceFields + ` } }`
	updateSourceOp = `mutation($id: ID!, $in: UpdateSourceInput!) { updateSource(id: $id, input: $in) { ` + sourceFields + ` } }`
	testSourceOp   = `mutation($id: ID, $in: SourceInput) { testSource(id: $id, input: $in) { ok serverVersion latencyMs databases { name sizeBytes } error { code message field } } }`
	createDestOp   = `mutation($in: DestinationInput!) { createDestination(input: $in) { id name kind settings { name value } secrets { field state } } }`
	testDestOp     = `mutation($id: ID, $in: DestinationInput) { testDestination(id: $id, input: $in) { ok latencyMs hostKeyFingerprint error { code message field } } }`
	createJobOp    = `mutation($in: JobInput!) { createJob(input: $in) { id name compression schedule timezone nextRunAt targets { position destination { name } retention { keepLast } } } }`
)

// kv turns a map into the [{name, value}] list that settings and secrets inputs take.
func kv(m map[string]string) []map[string]string {
	out := []map[string]string{}
	for k, v := range m {
		out = append(out, map[string]string{"name": k, "value": v})
	}
	return out
}

func secretState(t *testing.T, item any, field string) string {
	t.Helper()
	for _, s := range item.(map[string]any)["secrets"].([]any) {
		if s.(map[string]any)["field"] == field {
			return s.(map[string]any)["state"].(string)
		}
	}
	t.Fatalf("no secret %q in %v", field, item)
	return ""
}

func TestSourcesThroughGraphQL(t *testing.T) {
	s := start(t, Config{}, testDist)
	admin := withCookie(adminCookie(t, s.url), true)

	// A MariaDB user with a password, so that a wrong password really fails.
	dbName := mysqltest.NewDatabase(t)
	_ = dbName
	user, pw := mysqltest.NewUser(t)
	secret(pw)
	cfg := mysqltest.AdminConfig(t)
	host, port, _ := strings.Cut(cfg.Addr, ":")

	engines := data(t, query(t, s.url, `{ sourceEngines { engine label defaultPort fields { name type required } } }`, admin), "sourceEngines")
	require.Contains(t, fmt.Sprint(engines), "mariadb")
	require.Contains(t, fmt.Sprint(engines), "mongodb")

	in := map[string]any{"name": "maria", "engine": "mariadb",
		"settings": kv(map[string]string{"host": host, "port": port, "username": user}),
		"secrets":  kv(map[string]string{"password": pw})}
	src := data(t, gqlVars(t, s.url, createSourceOp, map[string]any{"in": in}, admin), "createSource").(map[string]any)
	require.Equal(t, "SET", secretState(t, src, "password"))
	require.NotContains(t, fmt.Sprint(src["secrets"]), "ssh_", "no engine has SSH fields yet")
	id := src["id"]

	res := data(t, gqlVars(t, s.url, testSourceOp, map[string]any{"id": id}, admin), "testSource").(map[string]any)
	require.Equal(t, true, res["ok"], "%v", res)
	require.Contains(t, res["serverVersion"], "MariaDB")

	// Editing without the password keeps it; the test still signs in.
	upd := data(t, gqlVars(t, s.url, updateSourceOp, map[string]any{"id": id, "in": map[string]any{
		"name": "maria-renamed", "settings": kv(map[string]string{"connect_timeout": "5"})}}, admin), "updateSource").(map[string]any)
	require.Equal(t, "maria-renamed", upd["name"])
	require.Equal(t, "SET", secretState(t, upd, "password"))
	res = data(t, gqlVars(t, s.url, testSourceOp, map[string]any{"id": id}, admin), "testSource").(map[string]any)
	require.Equal(t, true, res["ok"], "%v", res)

	// The form's unsaved wrong password fails precisely, and changes nothing stored.
	wrong := secret("definitely-the-wrong-password")
	res = data(t, gqlVars(t, s.url, testSourceOp, map[string]any{"id": id, "in": map[string]any{"name": "maria", "engine": "mariadb",
		"settings": kv(map[string]string{}), "secrets": kv(map[string]string{"password": wrong})}}, admin), "testSource").(map[string]any)
	require.Equal(t, false, res["ok"])
	require.Equal(t, "AUTH_FAILED", res["error"].(map[string]any)["code"], "%v", res)

	// An explicit empty password clears it.
	upd = data(t, gqlVars(t, s.url, updateSourceOp, map[string]any{"id": id, "in": map[string]any{
		"secrets": kv(map[string]string{"password": ""})}}, admin), "updateSource").(map[string]any)
	require.Equal(t, "UNSET", secretState(t, upd, "password"))

	// Bad input names the field.
	r := gqlVars(t, s.url, createSourceOp, map[string]any{"in": map[string]any{"name": "bad", "engine": "postgres",
		"settings": kv(map[string]string{"host": "db", "port": "99999"})}}, admin)
	require.Equal(t, "INVALID_INPUT", gqlCode(r))
	require.Equal(t, "port", errorField(r))
	r = gqlVars(t, s.url, createSourceOp, map[string]any{"in": map[string]any{"name": "maria-renamed", "engine": "sqlite",
		"settings": kv(map[string]string{"database": "/tmp/x.db"})}}, admin)
	require.Equal(t, "CONFLICT", gqlCode(r), r.body)
	require.Equal(t, "name", errorField(r))

	// An unsaved PostgreSQL form lists its databases with sizes.
	pgURL, err := url.Parse(pgtest.NewDatabase(t))
	require.NoError(t, err)
	res = data(t, gqlVars(t, s.url, testSourceOp, map[string]any{"in": map[string]any{"name": "pg", "engine": "postgres",
		"settings": kv(map[string]string{"host": pgURL.Hostname(), "port": pgURL.Port(), "username": pgURL.User.Username(), "database": strings.TrimPrefix(pgURL.Path, "/"), "tls_mode": "disable"})}}, admin), "testSource").(map[string]any)
	require.Equal(t, true, res["ok"], "%v", res)
	require.Contains(t, fmt.Sprint(res["databases"]), strings.TrimPrefix(pgURL.Path, "/"))

	// A closed port is "host unreachable".
	res = data(t, gqlVars(t, s.url, testSourceOp, map[string]any{"in": map[string]any{"name": "gone", "engine": "postgres",
		"settings": kv(map[string]string{"host": "127.0.0.1", "port": "1", "username": "x", "tls_mode": "disable"})}}, admin), "testSource").(map[string]any)
	require.Equal(t, "HOST_UNREACHABLE", res["error"].(map[string]any)["code"], "%v", res)
}

func TestDestinationsThroughGraphQL(t *testing.T) {
	s := start(t, Config{}, testDist)
	admin := withCookie(adminCookie(t, s.url), true)

	kinds := data(t, query(t, s.url, `{ destinationKinds { kind fields { name type } } }`, admin), "destinationKinds")
	require.Contains(t, fmt.Sprint(kinds), "name:secret_access_key type:SECRET")

	// Local folder: created, tested, the probe leaves nothing behind.
	dir := t.TempDir()
	local := data(t, gqlVars(t, s.url, createDestOp, map[string]any{"in": map[string]any{"name": "disk", "kind": "local",
		"settings": kv(map[string]string{"path": dir})}}, admin), "createDestination").(map[string]any)
	res := data(t, gqlVars(t, s.url, testDestOp, map[string]any{"id": local["id"]}, admin), "testDestination").(map[string]any)
	require.Equal(t, true, res["ok"], "%v", res)
	left, _ := os.ReadDir(filepath.Join(dir, ".dbackup-probe"))
	require.Empty(t, left)

	// S3 on versitygw: the secret key is write-only; a wrong one is AUTH_FAILED; a missing
	// bucket is NOT_FOUND.
	gw := s3test.Start(t)
	bucket := gw.NewBucket(t)
	secret(gw.SecretKey)
	s3 := data(t, gqlVars(t, s.url, createDestOp, map[string]any{"in": map[string]any{"name": "s3", "kind": "s3",
		"settings": kv(map[string]string{"endpoint": gw.Endpoint, "bucket": bucket, "path_style": "true", "access_key_id": gw.AccessKey, "prefix": "backups/"}),
		"secrets":  kv(map[string]string{"secret_access_key": gw.SecretKey})}}, admin), "createDestination").(map[string]any)
	require.Equal(t, "SET", secretState(t, s3, "secret_access_key"))
	require.Len(t, s3["secrets"], 1, "only the secrets S3's form has: %v", s3["secrets"])
	res = data(t, gqlVars(t, s.url, testDestOp, map[string]any{"id": s3["id"]}, admin), "testDestination").(map[string]any)
	require.Equal(t, true, res["ok"], "%v", res)
	res = data(t, gqlVars(t, s.url, testDestOp, map[string]any{"id": s3["id"], "in": map[string]any{"name": "s3", "kind": "s3",
		"settings": kv(map[string]string{}), "secrets": kv(map[string]string{"secret_access_key": secret("not-the-secret-key")})}}, admin), "testDestination").(map[string]any)
	require.Equal(t, "AUTH_FAILED", res["error"].(map[string]any)["code"], "%v", res)
	res = data(t, gqlVars(t, s.url, testDestOp, map[string]any{"id": s3["id"], "in": map[string]any{"name": "s3", "kind": "s3",
		"settings": kv(map[string]string{"bucket": "no-such-bucket-here"}), "secrets": kv(map[string]string{})}}, admin), "testDestination").(map[string]any)
	require.Equal(t, "NOT_FOUND", res["error"].(map[string]any)["code"], "%v", res)

	// SFTP with trust on first use: the first test records the host key, and it is shown.
	srv := sftptest.New(t)
	secret(srv.Password)
	sftp := data(t, gqlVars(t, s.url, createDestOp, map[string]any{"in": map[string]any{"name": "sftp", "kind": "sftp",
		"settings": kv(map[string]string{"host": srv.Host, "port": fmt.Sprint(srv.Port), "username": srv.User, "path": "/", "trust_on_first_use": "true"}),
		"secrets":  kv(map[string]string{"password": srv.Password})}}, admin), "createDestination").(map[string]any)
	res = data(t, gqlVars(t, s.url, testDestOp, map[string]any{"id": sftp["id"]}, admin), "testDestination").(map[string]any)
	require.Equal(t, true, res["ok"], "%v", res)
	require.Equal(t, srv.HostKeyFingerprint, res["hostKeyFingerprint"])
	node := data(t, query(t, s.url, fmt.Sprintf(`{ node(id: %q) { ... on Destination { settings { name value } } } }`, sftp["id"]), admin), "node")
	require.Contains(t, fmt.Sprint(node), srv.HostKeyFingerprint, "the key seen first is pinned")
	res = data(t, gqlVars(t, s.url, testDestOp, map[string]any{"id": sftp["id"], "in": map[string]any{"name": "sftp", "kind": "sftp",
		"settings": kv(map[string]string{"host_key_fingerprint": "SHA256:" + strings.Repeat("A", 43)}), "secrets": kv(map[string]string{})}}, admin), "testDestination").(map[string]any)
	require.Equal(t, "HOST_KEY_MISMATCH", res["error"].(map[string]any)["code"], "%v", res)

	// In use by a job: deleting is refused with the job's name.
	src := data(t, gqlVars(t, s.url, createSourceOp, map[string]any{"in": map[string]any{"name": "lite", "engine": "sqlite",
		"settings": kv(map[string]string{"database": filepath.Join(t.TempDir(), "app.db")})}}, admin), "createSource").(map[string]any)
	job := data(t, gqlVars(t, s.url, createJobOp, map[string]any{"in": map[string]any{"name": "nightly", "sourceId": src["id"],
		"targets":  []any{map[string]any{"destinationId": local["id"], "retention": map[string]any{"keepLast": 7}}, map[string]any{"destinationId": s3["id"]}},
		"schedule": "0 3 * * *", "timezone": "Europe/Berlin"}}, admin), "createJob").(map[string]any)
	require.Equal(t, "zstd", job["compression"])
	require.NotNil(t, job["nextRunAt"])
	require.Len(t, job["targets"], 2)
	r := gqlVars(t, s.url, `mutation($id: ID!) { deleteDestination(id: $id) }`, map[string]any{"id": s3["id"]}, admin)
	require.Equal(t, "IN_USE", gqlCode(r))
	require.Contains(t, r.body, "nightly")
	r = gqlVars(t, s.url, `mutation($id: ID!) { deleteSource(id: $id) }`, map[string]any{"id": src["id"]}, admin)
	require.Equal(t, "IN_USE", gqlCode(r))
	require.Equal(t, job["id"], data(t, gqlVars(t, s.url, `mutation($id: ID!) { deleteJob(id: $id) }`, map[string]any{"id": job["id"]}, admin), "deleteJob"))
	require.Equal(t, src["id"], data(t, gqlVars(t, s.url, `mutation($id: ID!) { deleteSource(id: $id) }`, map[string]any{"id": src["id"]}, admin), "deleteSource"))
}

func TestProfilesAndJobsThroughGraphQL(t *testing.T) {
	s := start(t, Config{}, testDist)
	admin := withCookie(adminCookie(t, s.url), true)
	const createProfile = `mutation($in: CreateEncryptionProfileInput!) { createEncryptionProfile(input: $in) { id name keyID secrets { field state } } }`

	p := data(t, query(t, s.url, `mutation { createEncryptionProfile(input: {name: "offsite"}) { id name keyID secrets { field state } } }`, admin), "createEncryptionProfile").(map[string]any)
	require.Len(t, p["keyID"], 16)
	require.Equal(t, "SET", secretState(t, p, "key"))

	r := gqlVars(t, s.url, createProfile, map[string]any{"in": map[string]any{"name": "bad", "importKey": secret("abc123")}}, admin)
	require.Equal(t, "INVALID_INPUT", gqlCode(r))
	require.Equal(t, "importKey", errorField(r))
	imported := secret(strings.Repeat("0123456789abcdef", 4))
	ip := data(t, gqlVars(t, s.url, createProfile, map[string]any{"in": map[string]any{"name": "imported", "importKey": imported}}, admin), "createEncryptionProfile").(map[string]any)

	// Revealing needs vault:reveal and is audited; the key is the imported one.
	const reveal = `mutation($id: ID!) { revealEncryptionProfileKey(id: $id) { keyId key } }`
	body, err := json.Marshal(map[string]any{"query": reveal, "variables": map[string]any{"id": ip["id"]}})
	require.NoError(t, err)
	resp := send(t, "POST", s.url+"/graphql", string(body), admin)
	// The one response that may carry the key: take it out of the scanned log again.
	responses.forget(imported)
	require.Nil(t, resp.json["errors"], resp.body)
	require.Equal(t, ip["keyID"], resp.json["data"].(map[string]any)["revealEncryptionProfileKey"].(map[string]any)["keyId"])
	require.Contains(t, resp.body, imported)
	log := query(t, s.url, `{ auditLog(where: {action: "encryptionProfile.reveal"}) { totalCount } }`, admin)
	require.EqualValues(t, 1, data(t, log, "auditLog").(map[string]any)["totalCount"])

	// Jobs: schedule and time zone are validated and named.
	src := data(t, gqlVars(t, s.url, createSourceOp, map[string]any{"in": map[string]any{"name": "lite", "engine": "sqlite",
		"settings": kv(map[string]string{"database": filepath.Join(t.TempDir(), "app.db")})}}, admin), "createSource").(map[string]any)
	dst := data(t, gqlVars(t, s.url, createDestOp, map[string]any{"in": map[string]any{"name": "disk", "kind": "local",
		"settings": kv(map[string]string{"path": t.TempDir()})}}, admin), "createDestination").(map[string]any)
	job := func(extra map[string]any) reply {
		in := map[string]any{"name": "j", "sourceId": src["id"], "targets": []any{map[string]any{"destinationId": dst["id"]}}}
		for k, v := range extra {
			in[k] = v
		}
		return gqlVars(t, s.url, createJobOp, map[string]any{"in": in}, admin)
	}
	for field, extra := range map[string]map[string]any{
		"schedule": {"schedule": "every day at three"},
		"timezone": {"schedule": "0 3 * * *", "timezone": "Mars/Olympus"},
		"targets":  {"targets": []any{}},
		"sourceId": {"sourceId": "src_01JDQ3Z6V6T2G4F2A7Q2M9KXHB"},
	} {
		r := job(extra)
		require.Equal(t, "INVALID_INPUT", gqlCode(r), "%s: %s", field, r.body)
		require.Equal(t, field, errorField(r), r.body)
	}
	j := data(t, job(map[string]any{"encryptionProfileId": p["id"], "compression": "gzip", "enabled": false, "schedule": "@daily"}), "createJob").(map[string]any)
	require.Nil(t, j["nextRunAt"], "a disabled job does not run")
	r = gqlVars(t, s.url, `mutation($id: ID!) { deleteEncryptionProfile(id: $id) }`, map[string]any{"id": p["id"]}, admin)
	require.Equal(t, "IN_USE", gqlCode(r))
	upd := data(t, gqlVars(t, s.url, `mutation($id: ID!) { updateJob(id: $id, input: {enabled: true, clearEncryptionProfile: true}) { nextRunAt encryptionProfile { id } } }`,
		map[string]any{"id": j["id"]}, admin), "updateJob").(map[string]any)
	require.NotNil(t, upd["nextRunAt"])
	require.Nil(t, upd["encryptionProfile"])
	data(t, gqlVars(t, s.url, `mutation($id: ID!) { deleteEncryptionProfile(id: $id) }`, map[string]any{"id": p["id"]}, admin), "deleteEncryptionProfile")
}

// TestEveryEngineTestsThroughGraphQL saves one source per engine against the real servers of
// this machine and tests it through the API.
func TestEveryEngineTestsThroughGraphQL(t *testing.T) {
	s := start(t, Config{}, testDist)
	admin := withCookie(adminCookie(t, s.url), true)

	mongo := mongotest.Start(t)
	redisHost, redisPort := redistest.HostPort(t)
	redisUser, redisPW := redistest.NewUser(t, "+@all", "~*")
	secret(redisPW)
	pgURL, err := url.Parse(pgtest.NewDatabase(t))
	require.NoError(t, err)
	mysqlDSN := mysqltest.AdminConfig(t)
	mysqlHost, mysqlPort, _ := strings.Cut(mysqlDSN.Addr, ":")
	sqliteFile := filepath.Join(t.TempDir(), "app.db")
	require.NoError(t, os.WriteFile(sqliteFile, nil, 0o600))

	for _, tt := range []struct {
		engine   string
		settings map[string]string
		secrets  map[string]string
		version  string
	}{
		{"postgres", map[string]string{"host": pgURL.Hostname(), "port": pgURL.Port(), "username": pgURL.User.Username(), "tls_mode": "disable"}, nil, "PostgreSQL"},
		{"mariadb", map[string]string{"host": mysqlHost, "port": mysqlPort, "username": mysqlDSN.User}, nil, "MariaDB"},
		{"mongodb", map[string]string{"host": mongo.Host, "port": fmt.Sprint(mongo.Port)}, nil, ""},
		{"redis", map[string]string{"host": redisHost, "port": fmt.Sprint(redisPort), "username": redisUser}, map[string]string{"password": redisPW}, ""},
		{"sqlite", map[string]string{"database": sqliteFile}, nil, "SQLite"},
	} {
		t.Run(tt.engine, func(t *testing.T) {
			src := data(t, gqlVars(t, s.url, createSourceOp, map[string]any{"in": map[string]any{"name": tt.engine, "engine": tt.engine,
				"settings": kv(tt.settings), "secrets": kv(tt.secrets)}}, admin), "createSource").(map[string]any)
			res := data(t, gqlVars(t, s.url, testSourceOp, map[string]any{"id": src["id"]}, admin), "testSource").(map[string]any)
			require.Equal(t, true, res["ok"], "%v", res)
			require.NotEmpty(t, res["serverVersion"])
			require.Contains(t, res["serverVersion"], tt.version)
		})
	}
}
