package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/database"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/syskey"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

func hexKey(t *testing.T) (string, string) {
	t.Helper()
	k, err := vault.GenerateKey()
	require.NoError(t, err)
	return k.Reveal(), vault.KeyID(k)
}

// seedSource stores a source with a password under key, through a second connection.
func seedSource(t *testing.T, dataDir, key string) pulid.ID {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	cfg, err := database.ParseURL("sqlite://" + filepath.Join(dataDir, "dbackup.db"))
	require.NoError(t, err)
	db, err := database.Open(ctx, cfg)
	require.NoError(t, err)
	defer db.Close()
	keys, err := syskey.LoadKeys(envMap(map[string]string{"ENCRYPTION_KEY": key}), dataDir)
	require.NoError(t, err)
	sk, err := syskey.Open(ctx, db.DB, db.EntDialect(), keys, syskey.Options{DataDir: dataDir, Log: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	src := sk.Client().Source.Create().SetName("prod").SetEngine("postgres").SetPassword(secret("hunter2-prod")).SaveX(ctx)
	return src.ID
}

const keyStatusQuery = `{ systemStatus { encryptionKey { state keyId expectedKeyId undecryptableSecrets message sealedValues { keyId count loaded } } } }`

func keyStatus(t *testing.T, base string) map[string]any {
	t.Helper()
	_, out := gql(t, base, keyStatusQuery)
	require.Nil(t, out["errors"])
	return out["data"].(map[string]any)["systemStatus"].(map[string]any)["encryptionKey"].(map[string]any)
}

func TestKeyMismatchStartsDegradedAndForgetRecovers(t *testing.T) {
	dir := t.TempDir()
	keyA, kidA := hexKey(t)
	keyB, kidB := hexKey(t)

	s := start(t, Config{DataDir: dir, Getenv: envMap(map[string]string{"ENCRYPTION_KEY": keyA})}, testDist)
	require.Equal(t, "OK", keyStatus(t, s.url)["state"])
	require.NoError(t, s.stop())
	srcID := seedSource(t, dir, keyA)

	// Strict operators refuse to start with the wrong key.
	err := Run(context.Background(), Config{DataDir: dir, Listen: "127.0.0.1:0", KeyStrict: true,
		Getenv: envMap(map[string]string{"ENCRYPTION_KEY": keyB})}, Options{Dist: testDist, Log: slog.New(slog.DiscardHandler)})
	var ce *ConfigError
	require.True(t, errors.As(err, &ce), "%v", err)
	require.Equal(t, "ENCRYPTION_KEY", ce.Var)
	require.Contains(t, err.Error(), kidA)
	require.Contains(t, err.Error(), kidB)

	// Everyone else starts degraded.
	s = start(t, Config{DataDir: dir, Getenv: envMap(map[string]string{"ENCRYPTION_KEY": keyB})}, testDist)
	resp, body := get(t, s.url+"/healthz")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var h map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &h))
	require.Equal(t, "degraded", h["status"])
	require.Equal(t, "encryption_key_mismatch", h["reason"])
	require.Equal(t, "MISMATCH", h["encryptionKey"])

	ks := keyStatus(t, s.url)
	require.Equal(t, "MISMATCH", ks["state"])
	require.Equal(t, kidB, ks["keyId"])
	require.Equal(t, kidA, ks["expectedKeyId"])
	require.EqualValues(t, 1, ks["undecryptableSecrets"])
	require.Contains(t, ks["message"], kidA)

	// Forgetting needs a signed-in user with vault:write.
	const forget = `mutation { forgetUndecryptableSecrets { keyId cleared { entityType entityId field } } }`
	_, out := gql(t, s.url, forget)
	require.Equal(t, "UNAUTHENTICATED", errorCode(t, out))
	require.Equal(t, "MISMATCH", keyStatus(t, s.url)["state"], "nothing was cleared")
	require.Equal(t, http.StatusOK, setupAdmin(t, s.url, adminName, adminPassword).status)
	cookie := sessionCookieOf(t, login(t, s.url, adminName, adminPassword))

	// Listing keeps working and shows the secret's state, never its value.
	r := query(t, s.url, fmt.Sprintf(`{ node(id: %q) { ... on Source { name secrets { field state } } } }`, srcID), withCookie(cookie, true))
	require.Equal(t, http.StatusOK, r.status)
	out = r.json
	raw, _ := json.Marshal(out)
	require.NotContains(t, string(raw), "hunter2")
	require.NotContains(t, string(raw), "dbk1.")
	src := out["data"].(map[string]any)["node"].(map[string]any)
	require.Equal(t, "prod", src["name"])
	require.Contains(t, src["secrets"], map[string]any{"field": "password", "state": "UNDECRYPTABLE"})
	require.Contains(t, src["secrets"], map[string]any{"field": "tls_client_key", "state": "UNSET"})

	// A connection test needs the password, and says why it cannot have it.
	tr := gqlVars(t, s.url, `mutation($id: ID) { testSource(id: $id) { ok error { code message } } }`, map[string]any{"id": srcID}, withCookie(cookie, true))
	te := data(t, tr, "testSource").(map[string]any)["error"].(map[string]any)
	require.Equal(t, "ENCRYPTION_KEY_MISMATCH", te["code"])
	require.Contains(t, te["message"], kidA)

	// Forget the undecryptable secret: the key check is re-sealed and the state is OK.
	r = query(t, s.url, forget, withCookie(cookie, true))
	out = r.json
	require.Nil(t, out["errors"])
	p := out["data"].(map[string]any)["forgetUndecryptableSecrets"].(map[string]any)
	require.Equal(t, kidB, p["keyId"])
	require.Equal(t, []any{map[string]any{"entityType": "Source", "entityId": string(srcID), "field": "password"}}, p["cleared"])
	require.Equal(t, "OK", keyStatus(t, s.url)["state"])
	resp, body = get(t, s.url+"/healthz")
	require.Contains(t, body, `"status":"ok"`, resp.Status)
}

func TestKeyConfigurationErrors(t *testing.T) {
	dir := t.TempDir()
	run := func(env map[string]string) error {
		return Run(context.Background(), Config{DataDir: dir, Listen: "127.0.0.1:0", Getenv: envMap(env)},
			Options{Dist: testDist, Log: slog.New(slog.DiscardHandler)})
	}
	err := run(map[string]string{"ENCRYPTION_KEY": "abc123"})
	require.Error(t, err)
	require.True(t, strings.HasPrefix(err.Error(), "ENCRYPTION_KEY: "), err.Error())
	require.Contains(t, err.Error(), "openssl rand -hex 32")
	require.NotContains(t, err.Error(), "abc123")

	// A database with secrets, and the generated key file gone: refuse, never invent a key.
	key, kid := hexKey(t)
	s := start(t, Config{DataDir: dir, Getenv: envMap(map[string]string{"ENCRYPTION_KEY": key})}, testDist)
	require.NoError(t, s.stop())
	seedSource(t, dir, key)
	err = run(nil)
	var ce *ConfigError
	require.True(t, errors.As(err, &ce), "%v", err)
	require.Equal(t, "ENCRYPTION_KEY", ce.Var)
	require.Contains(t, err.Error(), kid)
	require.NoFileExists(t, filepath.Join(dir, "encryption.key"))
}

func TestFreshStartGeneratesKeyAndReportsIt(t *testing.T) {
	dir := t.TempDir()
	s := start(t, Config{DataDir: dir}, testDist)
	ks := keyStatus(t, s.url)
	require.Equal(t, "GENERATED", ks["state"])
	require.FileExists(t, filepath.Join(dir, "encryption.key"))
	_, body := get(t, s.url+"/healthz")
	require.Contains(t, body, `"encryptionKey":"GENERATED"`)
	resp, err := http.Get(s.url + "/healthz")
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	key, _, err := vault.ReadKeyFile(filepath.Join(dir, "encryption.key"))
	require.NoError(t, err)
	require.NotContains(t, string(b), key.Reveal(), "the key never leaves the server")
}
