package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/account"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/database"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/syskey"
	"github.com/dbackup/dbackup/internal/viewer"
)

const (
	adminName     = "alice"
	adminPassword = "correct horse battery staple"
	viewerQuery   = `{ viewer { id username permissions } }`
)

// reply is a response with its body read.
type reply struct {
	status int
	header http.Header
	body   string
	json   map[string]any
}

// send makes a request with a JSON body (if any) and the given headers.
func send(t *testing.T, method, url, body string, headers map[string]string) reply {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	r := reply{status: resp.StatusCode, header: resp.Header, body: string(b)}
	responses.record(url, r.body)
	if len(b) > 0 {
		require.NoError(t, json.Unmarshal(b, &r.json), "JSON body: %s", b)
	}
	return r
}

// query posts a GraphQL query with the headers.
func query(t *testing.T, base, q string, headers map[string]string) reply {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": q})
	require.NoError(t, err)
	return send(t, http.MethodPost, base+"/graphql", string(body), headers)
}

func setupAdmin(t *testing.T, base, name, password string) reply {
	t.Helper()
	vars, err := json.Marshal(map[string]any{"input": map[string]any{"username": name, "password": password}})
	require.NoError(t, err)
	body := `{"query":"mutation($input: SetupAdminInput!) { setupAdmin(input: $input) { id username permissions } }","variables":` + string(vars) + `}`
	return send(t, http.MethodPost, base+"/graphql", body, nil)
}

func login(t *testing.T, base, name, password string) reply {
	t.Helper()
	body, err := json.Marshal(map[string]any{"username": name, "password": password})
	require.NoError(t, err)
	return send(t, http.MethodPost, base+"/auth/login", string(body), nil)
}

// adminCookie sets up the first administrator and returns their session cookie.
func adminCookie(t *testing.T, base string) *http.Cookie {
	t.Helper()
	data(t, setupAdmin(t, base, adminName, adminPassword), "setupAdmin")
	return sessionCookieOf(t, login(t, base, adminName, adminPassword))
}

// sessionCookieOf returns the session cookie a response sets.
func sessionCookieOf(t *testing.T, r reply) *http.Cookie {
	t.Helper()
	for _, line := range r.header.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		require.NoError(t, err)
		if c.Name == sessionCookie {
			return c
		}
	}
	t.Fatalf("no %s cookie set; headers %v", sessionCookie, r.header)
	return nil
}

func withCookie(c *http.Cookie, csrf bool) map[string]string {
	h := map[string]string{"Cookie": sessionCookie + "=" + c.Value}
	if csrf {
		h[csrfHeader] = "1"
	}
	return h
}

// gqlCode returns extensions.code of the first GraphQL error, or "".
func gqlCode(r reply) string {
	errs, _ := r.json["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	ext, _ := errs[0].(map[string]any)["extensions"].(map[string]any)
	code, _ := ext["code"].(string)
	return code
}

// authError returns the code of an /auth error answer.
func authError(r reply) string {
	e, _ := r.json["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

func data(t *testing.T, r reply, field string) any {
	t.Helper()
	require.Equal(t, http.StatusOK, r.status, r.body)
	require.Nil(t, r.json["errors"], r.body)
	return r.json["data"].(map[string]any)[field]
}

func TestSetupAdminWorksOnce(t *testing.T) {
	s := start(t, Config{}, testDist)

	status := data(t, query(t, s.url, `{ systemStatus { setupNeeded } }`, nil), "systemStatus")
	require.Equal(t, true, status.(map[string]any)["setupNeeded"])

	short := setupAdmin(t, s.url, adminName, "tooshort123")
	require.Equal(t, "INVALID_INPUT", gqlCode(short), short.body)
	ext := short.json["errors"].([]any)[0].(map[string]any)["extensions"].(map[string]any)
	require.Equal(t, "password", ext["field"])
	require.Contains(t, short.body, "at least 12 characters")
	require.NotContains(t, short.body, "tooshort123")

	badName := setupAdmin(t, s.url, "al ice", adminPassword)
	require.Equal(t, "INVALID_INPUT", gqlCode(badName), badName.body)
	require.NotContains(t, badName.body, adminPassword)

	v := data(t, setupAdmin(t, s.url, "Alice", adminPassword), "setupAdmin").(map[string]any)
	require.Equal(t, adminName, v["username"])
	require.NotEmpty(t, v["id"])
	require.Contains(t, v["permissions"], "users:write")

	status = data(t, query(t, s.url, `{ systemStatus { setupNeeded } }`, nil), "systemStatus")
	require.Equal(t, false, status.(map[string]any)["setupNeeded"])

	again := setupAdmin(t, s.url, "mallory", adminPassword)
	require.Equal(t, "SETUP_DONE", gqlCode(again), again.body)
	require.NotContains(t, again.body, adminPassword)
}

func TestLoginSessionCSRFAndLogout(t *testing.T) {
	s := start(t, Config{BaseURL: "https://backup.example.com"}, testDist)
	data(t, setupAdmin(t, s.url, adminName, adminPassword), "setupAdmin")

	r := login(t, s.url, "Alice", adminPassword)
	require.Equal(t, http.StatusOK, r.status, r.body)
	require.Equal(t, adminName, r.json["user"].(map[string]any)["username"])
	require.NotEmpty(t, r.json["user"].(map[string]any)["id"])
	require.Equal(t, "no-store", r.header.Get("Cache-Control"))
	c := sessionCookieOf(t, r)
	require.NotEmpty(t, c.Value)
	require.True(t, c.HttpOnly)
	require.True(t, c.Secure, "BASE_URL is https")
	require.Equal(t, http.SameSiteLaxMode, c.SameSite)
	require.Equal(t, "/", c.Path)
	require.Equal(t, int(account.DefaultSessionLifetime.Seconds()), c.MaxAge)
	require.NotContains(t, r.body, c.Value, "the token is only in the cookie")

	v := data(t, query(t, s.url, viewerQuery, withCookie(c, true)), "viewer").(map[string]any)
	require.Equal(t, adminName, v["username"])
	require.Contains(t, v["permissions"], "sources:read")

	noCSRF := query(t, s.url, viewerQuery, withCookie(c, false))
	require.Equal(t, http.StatusForbidden, noCSRF.status, noCSRF.body)
	require.Equal(t, "CSRF_HEADER_MISSING", gqlCode(noCSRF))

	require.Equal(t, "UNAUTHENTICATED", gqlCode(query(t, s.url, viewerQuery, nil)), "anonymous")
	garbage := query(t, s.url, viewerQuery, map[string]string{"Cookie": sessionCookie + "=garbage", csrfHeader: "1"})
	require.Equal(t, "UNAUTHENTICATED", gqlCode(garbage), "an invalid cookie is anonymous")
	require.Equal(t, -1, sessionCookieOf(t, garbage).MaxAge, "and is cleared")

	out := send(t, http.MethodPost, s.url+"/auth/logout", "", withCookie(c, false))
	require.Equal(t, http.StatusForbidden, out.status, "logout needs the CSRF header")
	require.Equal(t, "CSRF_HEADER_MISSING", authError(out))
	require.Equal(t, adminName, data(t, query(t, s.url, viewerQuery, withCookie(c, true)), "viewer").(map[string]any)["username"])

	out = send(t, http.MethodPost, s.url+"/auth/logout", "", withCookie(c, true))
	require.Equal(t, http.StatusNoContent, out.status, out.body)
	cleared := sessionCookieOf(t, out)
	require.Empty(t, cleared.Value)
	require.Equal(t, -1, cleared.MaxAge)
	require.Equal(t, "UNAUTHENTICATED", gqlCode(query(t, s.url, viewerQuery, withCookie(c, true))), "the session is gone")
}

func TestLoginCookieNotSecureOverHTTP(t *testing.T) {
	s := start(t, Config{}, testDist)
	data(t, setupAdmin(t, s.url, adminName, adminPassword), "setupAdmin")
	r := login(t, s.url, adminName, adminPassword)
	require.Equal(t, http.StatusOK, r.status, r.body)
	require.False(t, sessionCookieOf(t, r).Secure)
}

func TestLoginRefusals(t *testing.T) {
	s := start(t, Config{}, testDist)
	data(t, setupAdmin(t, s.url, adminName, adminPassword), "setupAdmin")

	for _, tc := range []struct {
		name, contentType, body string
		status                  int
		code, field             string
	}{
		{"text body", "text/plain", `{"username":"alice","password":"x"}`, http.StatusBadRequest, "INVALID_INPUT", ""},
		{"form body", "application/x-www-form-urlencoded", `username=alice&password=x`, http.StatusBadRequest, "INVALID_INPUT", ""},
		{"not JSON", "application/json", `username=alice`, http.StatusBadRequest, "INVALID_INPUT", ""},
		{"no username", "application/json", `{"password":"x"}`, http.StatusBadRequest, "INVALID_INPUT", "username"},
		{"no password", "application/json", `{"username":"alice"}`, http.StatusBadRequest, "INVALID_INPUT", "password"},
		{"too large", "application/json", `{"username":"` + strings.Repeat("a", 17<<10) + `"}`, http.StatusRequestEntityTooLarge, "REQUEST_TOO_LARGE", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := send(t, http.MethodPost, s.url+"/auth/login", tc.body, map[string]string{"Content-Type": tc.contentType})
			require.Equal(t, tc.status, r.status, r.body)
			require.Equal(t, tc.code, authError(r), r.body)
			if tc.field != "" {
				e := r.json["error"].(map[string]any)
				require.Equal(t, tc.field, e["field"])
				require.Contains(t, e["message"], tc.field)
			}
			require.Empty(t, r.header.Values("Set-Cookie"))
		})
	}

	const wrong = "Wrong-Password-7f3a9c"
	for i := 1; i <= 5; i++ {
		r := login(t, s.url, adminName, wrong)
		require.Equal(t, http.StatusUnauthorized, r.status, "attempt %d: %s", i, r.body)
		require.Equal(t, "INVALID_CREDENTIALS", authError(r))
		require.NotContains(t, r.body, wrong)
		require.NotContains(t, strings.Join(r.header.Values("Set-Cookie"), ";"), wrong)
		require.Empty(t, r.header.Values("Set-Cookie"))
	}
	r := login(t, s.url, adminName, wrong)
	require.Equal(t, http.StatusTooManyRequests, r.status, r.body)
	require.Equal(t, "THROTTLED", authError(r))
	require.NotEmpty(t, r.header.Get("Retry-After"))
	require.NotContains(t, r.body, wrong)
	r = login(t, s.url, adminName, adminPassword)
	require.Equal(t, http.StatusTooManyRequests, r.status, "the account is locked even for the right password")
}

// createAPIKey makes an API key for owner through the account service, over a second
// connection to the server's database.
func createAPIKey(t *testing.T, dataDir string, owner pulid.ID) string {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	cfg, err := database.ParseURL("sqlite://" + filepath.Join(dataDir, "dbackup.db"))
	require.NoError(t, err)
	db, err := database.Open(ctx, cfg)
	require.NoError(t, err)
	defer db.Close()
	keys, err := syskey.LoadKeys(envMap(nil), dataDir)
	require.NoError(t, err)
	sk, err := syskey.Open(ctx, db.DB, db.EntDialect(), keys, syskey.Options{DataDir: dataDir, Log: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	accounts, err := account.New(sk.Client(), sk.Keyring(), account.Options{})
	require.NoError(t, err)
	key, _, err := accounts.CreateAPIKey(viewer.SystemContext(ctx), owner, "ci", perm.NewSet(perm.SourcesRead), nil)
	require.NoError(t, err)
	return key
}

func TestAPIKeyBearer(t *testing.T) {
	dir := t.TempDir()
	s := start(t, Config{DataDir: dir}, testDist)
	admin := data(t, setupAdmin(t, s.url, adminName, adminPassword), "setupAdmin").(map[string]any)
	key := createAPIKey(t, dir, pulid.ID(admin["id"].(string)))
	require.True(t, strings.HasPrefix(key, "dbk_"))

	// No CSRF header: bearer requests are exempt.
	v := data(t, query(t, s.url, viewerQuery, map[string]string{"Authorization": "Bearer " + key}), "viewer").(map[string]any)
	require.Equal(t, admin["id"], v["id"])
	require.Equal(t, adminName, v["username"])
	require.Equal(t, []any{"sources:read"}, v["permissions"], "the key's scopes")

	for _, h := range []string{"Bearer dbk_" + strings.Repeat("a", 52), "Bearer garbage", "Basic YWxpY2U6eA=="} {
		r := query(t, s.url, viewerQuery, map[string]string{"Authorization": h})
		require.Equal(t, http.StatusUnauthorized, r.status, "%s: %s", h, r.body)
		require.Equal(t, "UNAUTHENTICATED", gqlCode(r))
	}
	r := send(t, http.MethodGet, s.url+"/api/anything", "", map[string]string{"Authorization": "Bearer garbage"})
	require.Equal(t, http.StatusUnauthorized, r.status, "/api/ is guarded too")
}

// wsViewer asks for the viewer over a websocket opened with headers, as a browser does with
// the cookie and without the CSRF header, and returns the answer as a reply.
func wsViewer(t *testing.T, base string, headers http.Header) reply {
	t.Helper()
	return wsQuery(t, base, headers, viewerQuery)
}

// wsQuery sends one operation over a websocket opened with headers and returns its first
// answer as a reply.
func wsQuery(t *testing.T, base string, headers http.Header, q string) reply {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/graphql",
		&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: headers})
	require.NoError(t, err)
	defer conn.CloseNow()
	require.NoError(t, wsjson.Write(ctx, conn, map[string]any{"type": "connection_init"}))
	var msg map[string]any
	require.NoError(t, wsjson.Read(ctx, conn, &msg))
	require.Equal(t, "connection_ack", msg["type"])
	require.NoError(t, wsjson.Write(ctx, conn, map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": q}}))
	for {
		require.NoError(t, wsjson.Read(ctx, conn, &msg))
		if msg["type"] != "ping" {
			break
		}
	}
	require.Equal(t, "next", msg["type"], "%v", msg)
	return reply{status: http.StatusOK, json: msg["payload"].(map[string]any)}
}

func TestWebsocketAuthenticatesFromCookie(t *testing.T) {
	s := start(t, Config{}, testDist)
	data(t, setupAdmin(t, s.url, adminName, adminPassword), "setupAdmin")
	c := sessionCookieOf(t, login(t, s.url, adminName, adminPassword))

	v := data(t, wsViewer(t, s.url, http.Header{"Cookie": {sessionCookie + "=" + c.Value}}), "viewer")
	require.Equal(t, adminName, v.(map[string]any)["username"])
	require.Equal(t, "UNAUTHENTICATED", gqlCode(wsViewer(t, s.url, nil)), "anonymous")
}

func TestAPIKeyUnderAnotherEncryptionKeySaysSo(t *testing.T) {
	dir := t.TempDir()
	s := start(t, Config{DataDir: dir}, testDist)
	admin := data(t, setupAdmin(t, s.url, adminName, adminPassword), "setupAdmin").(map[string]any)
	key := createAPIKey(t, dir, pulid.ID(admin["id"].(string)))
	require.NoError(t, s.stop())

	other, otherID := hexKey(t)
	s = start(t, Config{DataDir: dir, Getenv: envMap(map[string]string{"ENCRYPTION_KEY": other})}, testDist)
	r := query(t, s.url, viewerQuery, map[string]string{"Authorization": "Bearer " + key})
	require.Equal(t, http.StatusServiceUnavailable, r.status, r.body)
	require.Equal(t, "ENCRYPTION_KEY_MISMATCH", gqlCode(r))
	require.Contains(t, r.body, otherID)
	require.NotContains(t, r.body, key)
}

func TestSessionLifetimeIsConfigurable(t *testing.T) {
	s := start(t, Config{SessionLifetime: 2 * time.Hour, SessionIdleTimeout: 30 * time.Minute}, testDist)
	data(t, setupAdmin(t, s.url, adminName, adminPassword), "setupAdmin")
	c := sessionCookieOf(t, login(t, s.url, adminName, adminPassword))
	require.Equal(t, int((2 * time.Hour).Seconds()), c.MaxAge)
	sess := data(t, query(t, s.url, `{ viewer { sessions { createTime expiresAt } } }`, withCookie(c, true)), "viewer").(map[string]any)["sessions"].([]any)[0].(map[string]any)
	created, err := time.Parse(time.RFC3339Nano, sess["createTime"].(string))
	require.NoError(t, err)
	expires, err := time.Parse(time.RFC3339Nano, sess["expiresAt"].(string))
	require.NoError(t, err)
	require.InDelta(t, (2 * time.Hour).Seconds(), expires.Sub(created).Seconds(), 5)
}
