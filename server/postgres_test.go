package server

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/testutil/pgtest"
)

func TestServeOnPostgres(t *testing.T) {
	dbURL := pgtest.NewDatabase(t)
	s := start(t, Config{DatabaseURL: dbURL}, testDist)

	resp, body := get(t, s.url+"/healthz")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	var h map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &h))
	require.Equal(t, "postgres", h["database"].(map[string]any)["dialect"])

	_, out := gql(t, s.url, `{ systemStatus { database { dialect reachable schemaVersion } } }`)
	db := out["data"].(map[string]any)["systemStatus"].(map[string]any)["database"].(map[string]any)
	require.Equal(t, "POSTGRES", db["dialect"])
	require.Equal(t, true, db["reachable"])

	// The database goes away: /healthz says so with 503, and the server keeps answering.
	pgtest.Drop(t, dbURL)
	resp, body = get(t, s.url+"/healthz")
	require.Equal(t, http.StatusServiceUnavailable, resp.StatusCode, body)
	require.NoError(t, json.Unmarshal([]byte(body), &h))
	require.Equal(t, "unavailable", h["status"])
	require.Equal(t, false, h["database"].(map[string]any)["reachable"])
	require.NotContains(t, body, "dbackup_test_", "the cause stays in the log")

	_, out = gql(t, s.url, `{ systemStatus { database { reachable } } }`)
	require.Equal(t, false, out["data"].(map[string]any)["systemStatus"].(map[string]any)["database"].(map[string]any)["reachable"])
}

// TestBackupAndRestoreWithPostgresControlPlane runs the queue and executions on PostgreSQL as
// the configuration database.
func TestBackupAndRestoreWithPostgresControlPlane(t *testing.T) {
	s := start(t, Config{DatabaseURL: pgtest.NewDatabase(t)}, testDist)
	e := &backupEnv{t: t, url: s.url, admin: withCookie(adminCookie(t, s.url), true)}
	f := sqliteFixture(t)
	f.seed(t, f.db, 100)
	exe := e.run(e.job("pg-plane", e.source("lite", f), nil, "", e.localDest("disk", t.TempDir())))
	require.Equal(t, "SUCCESS", exe["status"], "%v", exe)
	target := f.newTarget(t)
	res := e.restore(backupsOf(exe)[0]["id"].(string), e.source("copy", fixture{engine: "sqlite", settings: map[string]string{"database": target}}), nil)
	require.Equal(t, "SUCCESS", res["status"], "%v", res)
	require.Equal(t, f.fingerprint(t, f.db), f.fingerprint(t, target))
}
