package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// hook is a webhook endpoint that records what it gets and fails the first fail requests.
type hook struct {
	mu     sync.Mutex
	bodies []map[string]any
	fail   int
	status int
}

func (h *hook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.fail > 0 {
		h.fail--
		http.Error(w, "try later", http.StatusServiceUnavailable)
		return
	}
	if h.status != 0 {
		http.Error(w, "no such hook", h.status)
		return
	}
	b, _ := io.ReadAll(r.Body)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	m["signature"] = r.Header.Get("X-DBackup-Signature")
	h.bodies = append(h.bodies, m)
}

func (h *hook) received() []map[string]any {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]map[string]any(nil), h.bodies...)
}

const createChannelOp = `mutation($in: NotificationChannelInput!) { createNotificationChannel(input: $in) { id name kind enabled systemEvents } }`

// TestNotificationsForRuns: a job tells a webhook channel about a successful run (signed JSON);
// a failing endpoint is retried and the delivery recorded; "send test" reports a refusal at once.
func TestNotificationsForRuns(t *testing.T) {
	h := &hook{fail: 1}
	srv := httptest.NewServer(h)
	defer srv.Close()
	e := newBackupEnv(t)
	f := sqliteFixture(t)
	f.seed(t, f.db, 10)
	ch := e.do(createChannelOp, map[string]any{"in": map[string]any{"name": "ops hook", "kind": "webhook",
		"settings": kv(map[string]string{"url": srv.URL + "/hook"}), "secrets": kv(map[string]string{"secret": secret("hook-signing-secret")}),
		"systemEvents": []string{"restore.success"}}}, "createNotificationChannel")
	require.Equal(t, "webhook", ch["kind"])

	r := gqlVars(t, e.url, createChannelOp, map[string]any{"in": map[string]any{"name": "bad", "kind": "webhook",
		"settings": kv(map[string]string{"url": "not a url"})}}, e.admin)
	require.Equal(t, "INVALID_INPUT", gqlCode(r))
	require.Equal(t, "url", errorField(r))

	job := e.do(createJobOp, map[string]any{"in": map[string]any{"name": "told", "sourceId": e.source("lite", f),
		"notifySuccessIds": []any{ch["id"]}, "notifyFailureIds": []any{ch["id"]},
		"targets": []map[string]any{{"destinationId": e.localDest("disk", t.TempDir())}}}}, "createJob")["id"].(string)
	exe := e.run(job)
	require.Equal(t, "SUCCESS", exe["status"])

	const deliveriesOp = `{ notificationDeliveries(first: 10) { edges { node { eventType status attempts error title } } } }`
	var d map[string]any
	require.Eventually(t, func() bool {
		edges := data(t, query(t, e.url, deliveriesOp, e.admin), "notificationDeliveries").(map[string]any)["edges"].([]any)
		if len(edges) != 1 {
			return false
		}
		d = edges[0].(map[string]any)["node"].(map[string]any)
		return d["status"] == "SENT"
	}, 30*time.Second, 200*time.Millisecond, "delivery: %v", d)
	require.Equal(t, "backup.success", d["eventType"])
	require.Equal(t, float64(2), d["attempts"], "the 503 was retried")
	bodies := h.received()
	require.Len(t, bodies, 1)
	require.Equal(t, "backup.success", bodies[0]["type"])
	require.Equal(t, "Backup of told succeeded", bodies[0]["title"])
	require.Regexp(t, `^sha256=[0-9a-f]{64}$`, bodies[0]["signature"])

	// Send test: a refusal is FAILED at once, with the reason.
	h.mu.Lock()
	h.status = http.StatusNotFound
	h.mu.Unlock()
	test := e.do(`mutation($id: ID!) { sendTestNotification(id: $id) { eventType status attempts error } }`, map[string]any{"id": ch["id"]}, "sendTestNotification")
	require.Equal(t, "FAILED", test["status"], "%v", test)
	require.Equal(t, "test", test["eventType"])
	require.Contains(t, test["error"], "404")
	require.NotContains(t, test["error"], "hook-signing-secret")
}

// TestKeyMismatchNotification: a channel without secrets subscribed to system.key_mismatch hears
// about a start with the wrong ENCRYPTION_KEY.
func TestKeyMismatchNotification(t *testing.T) {
	h := &hook{}
	srv := httptest.NewServer(h)
	defer srv.Close()
	dir := t.TempDir()
	keyA, _ := hexKey(t)
	keyB, _ := hexKey(t)
	s := start(t, Config{DataDir: dir, Getenv: envMap(map[string]string{"ENCRYPTION_KEY": keyA})}, testDist)
	e := &backupEnv{t: t, url: s.url, admin: withCookie(adminCookie(t, s.url), true)}
	e.do(createChannelOp, map[string]any{"in": map[string]any{"name": "plain hook", "kind": "webhook",
		"settings": kv(map[string]string{"url": srv.URL}), "systemEvents": []string{"system.key_mismatch"}}}, "createNotificationChannel")
	e.do(createSourceOp, map[string]any{"in": map[string]any{"name": "pg", "engine": "postgres",
		"settings": kv(map[string]string{"host": "127.0.0.1", "username": "postgres"}), "secrets": kv(map[string]string{"password": secret("sealed-under-a")})}}, "createSource")
	require.NoError(t, s.stop())
	require.Empty(t, h.received())

	start(t, Config{DataDir: dir, Getenv: envMap(map[string]string{"ENCRYPTION_KEY": keyB})}, testDist)
	require.Eventually(t, func() bool { return len(h.received()) == 1 }, 20*time.Second, 100*time.Millisecond)
	require.Equal(t, "system.key_mismatch", h.received()[0]["type"])
}

// TestLoginFailuresNotification: once sign-ins are throttled after repeated failures, a
// subscribed channel hears about it once, not at every refused attempt.
func TestLoginFailuresNotification(t *testing.T) {
	h := &hook{}
	srv := httptest.NewServer(h)
	defer srv.Close()
	e := newBackupEnv(t)
	e.do(createChannelOp, map[string]any{"in": map[string]any{"name": "security", "kind": "webhook",
		"settings": kv(map[string]string{"url": srv.URL}), "systemEvents": []string{"system.login_failures"}}}, "createNotificationChannel")
	for range 5 {
		require.Equal(t, http.StatusUnauthorized, login(t, e.url, adminName, "Wrong-Password-1").status)
	}
	for range 3 {
		require.Equal(t, http.StatusTooManyRequests, login(t, e.url, adminName, "Wrong-Password-1").status)
	}
	require.Eventually(t, func() bool { return len(h.received()) == 1 }, 20*time.Second, 100*time.Millisecond)
	time.Sleep(time.Second)
	got := h.received()
	require.Len(t, got, 1, "one notification per address")
	require.Equal(t, "system.login_failures", got[0]["type"])
	require.NotContains(t, fmt.Sprint(got[0]), "Wrong-Password-1")
}
