package server

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/database"
	"github.com/dbackup/dbackup/internal/viewer"
)

// errorCode returns extensions.code of the first GraphQL error.
func errorCode(t *testing.T, out map[string]any) string {
	t.Helper()
	errs, ok := out["errors"].([]any)
	require.True(t, ok, "want a GraphQL errors list, got %v", out)
	require.NotEmpty(t, errs)
	ext, _ := errs[0].(map[string]any)["extensions"].(map[string]any)
	code, _ := ext["code"].(string)
	return code
}

func TestGraphQLBadRequestsGetGraphQLErrors(t *testing.T) {
	s := start(t, Config{}, testDist)
	tests := []struct {
		name     string
		body     string
		wantHTTP int
		wantCode string
	}{
		{name: "syntax error", body: `{"query":"{ systemStatus { "}`, wantHTTP: http.StatusUnprocessableEntity, wantCode: "GRAPHQL_PARSE_FAILED"},
		{name: "unknown field", body: `{"query":"{ nope }"}`, wantHTTP: http.StatusUnprocessableEntity, wantCode: "GRAPHQL_VALIDATION_FAILED"},
		{name: "not json", body: `{"query":`, wantHTTP: http.StatusBadRequest},
		{name: "no query", body: `{}`, wantHTTP: http.StatusUnprocessableEntity},
		{name: "wrong variable type", body: `{"query":"query($id: ID!) { node(id: $id) { id } }","variables":{"id":42}}`, wantHTTP: http.StatusOK},
		{name: "too large", body: `{"query":"` + strings.Repeat(" ", 2<<20) + `{ systemStatus { version } }"}`, wantHTTP: http.StatusRequestEntityTooLarge, wantCode: "REQUEST_TOO_LARGE"},
		{name: "too complex", body: `{"query":"{` + aliases(600) + `}"}`, wantHTTP: http.StatusOK, wantCode: "COMPLEXITY_LIMIT_EXCEEDED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out := postJSON(t, s.url+"/graphql", []byte(tt.body))
			require.Equal(t, tt.wantHTTP, code, "body: %v", out)
			require.NotEqual(t, http.StatusInternalServerError, code)
			got := errorCode(t, out)
			if tt.wantCode != "" {
				require.Equal(t, tt.wantCode, got)
			}
		})
	}
}

func aliases(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, " a%d: systemStatus { version }", i)
	}
	return b.String()
}

func TestRelayNodeResolvesByPrefixedID(t *testing.T) {
	dir := t.TempDir()
	s := start(t, Config{DataDir: dir}, testDist)

	// A second connection writes a row, as another part of the application would.
	ctx := viewer.SystemContext(context.Background())
	cfg, err := database.ParseURL("sqlite://" + filepath.Join(dir, "dbackup.db"))
	require.NoError(t, err)
	db, err := database.Open(ctx, cfg)
	require.NoError(t, err)
	defer db.Close()
	client := ent.NewClient(ent.Driver(db.EntDriver()))
	setting, err := client.Setting.Create().SetKey("ui.theme").SetValue(`"dark"`).Save(ctx)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(setting.ID), "set_"))

	_, out := gql(t, s.url, fmt.Sprintf(`{ node(id: %q) { id } }`, setting.ID))
	require.Equal(t, "UNAUTHENTICATED", errorCode(t, out), "node needs a signed-in viewer")
	cookie := adminCookie(t, s.url)
	as := func(q string) map[string]any { return query(t, s.url, q, withCookie(cookie, true)).json }

	out = as(fmt.Sprintf(`{ node(id: %q) { id ... on Setting { key value } } nodes(ids: [%q]) { id } }`, setting.ID, setting.ID))
	require.Nil(t, out["errors"])
	node := out["data"].(map[string]any)["node"].(map[string]any)
	require.Equal(t, string(setting.ID), node["id"])
	require.Equal(t, "ui.theme", node["key"])

	out = as(`{ node(id: "set_01JDQ3Z6V6T2G4F2A7Q2M9KXHB") { id } }`)
	require.Nil(t, out["data"].(map[string]any)["node"], "an unknown ID resolves to null")
	require.Nil(t, out["errors"])

	out = as(`{ node(id: "zzz_01JDQ3Z6V6T2G4F2A7Q2M9KXHB") { id } }`)
	require.Contains(t, fmt.Sprint(out["errors"]), `unknown type prefix "zzz"`)
}

func TestSystemStatusSubscriptionOverWebsocket(t *testing.T) {
	s := start(t, Config{}, testDist)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	wsURL := "ws" + strings.TrimPrefix(s.url, "http") + "/graphql"

	conn, _, err := websocket.Dial(ctx, wsURL, &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	require.NoError(t, err)
	defer conn.CloseNow()
	require.NoError(t, wsjson.Write(ctx, conn, map[string]any{"type": "connection_init"}))
	var msg map[string]any
	require.NoError(t, wsjson.Read(ctx, conn, &msg))
	require.Equal(t, "connection_ack", msg["type"])

	require.NoError(t, wsjson.Write(ctx, conn, map[string]any{
		"id": "1", "type": "subscribe",
		"payload": map[string]any{"query": "subscription { systemStatus { version database { dialect reachable } } }"},
	}))
	for {
		require.NoError(t, wsjson.Read(ctx, conn, &msg))
		if msg["type"] != "ping" {
			break
		}
	}
	require.Equal(t, "next", msg["type"], "%v", msg)
	st := msg["payload"].(map[string]any)["data"].(map[string]any)["systemStatus"].(map[string]any)
	require.Equal(t, "v9.9.9-test", st["version"])
	require.Equal(t, true, st["database"].(map[string]any)["reachable"])
}

func TestWebsocketRefusesForeignOrigin(t *testing.T) {
	s := start(t, Config{}, testDist)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	wsURL := "ws" + strings.TrimPrefix(s.url, "http") + "/graphql"
	_, resp, err := websocket.Dial(ctx, wsURL, &websocket.DialOptions{
		Subprotocols: []string{"graphql-transport-ws"},
		HTTPHeader:   http.Header{"Origin": {"https://evil.example"}},
	})
	require.Error(t, err)
	require.NotNil(t, resp)
	require.Equal(t, http.StatusForbidden, resp.StatusCode)
}
