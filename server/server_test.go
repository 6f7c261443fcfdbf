package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/require"
)

// testDist stands in for the built SPA.
var testDist = fstest.MapFS{
	"index.html":               {Data: []byte("<!doctype html><title>DBackup SPA</title>")},
	"playground.html":          {Data: []byte("<!doctype html><title>GraphiQL</title>")},
	"favicon.svg":              {Data: []byte("<svg/>")},
	"assets/index-3f2a9c1b.js": {Data: []byte("console.log('app')")},
}

// started is a server running in this test process.
type started struct {
	url  string
	stop func() error
}

// start runs the server with cfg until the test ends. Listen and DataDir default to a free
// loopback port and a temporary folder.
func start(t *testing.T, cfg Config, dist fs.FS) started {
	t.Helper()
	if cfg.Listen == "" {
		cfg.Listen = "127.0.0.1:0"
	}
	if cfg.DataDir == "" {
		cfg.DataDir = t.TempDir()
	}
	if cfg.Getenv == nil {
		cfg.Getenv = envMap(nil) // no ENCRYPTION_KEY: a fresh data folder gets a generated key
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, cfg, Options{
			Version: "v9.9.9-test",
			Dist:    dist,
			Log:     slog.New(slog.NewTextHandler(io.Discard, nil)),
			Ready:   func(a net.Addr) { ready <- a },
		})
	}()
	select {
	case a := <-ready:
		stopped := false
		stop := func() error {
			if stopped {
				return nil
			}
			stopped = true
			cancel()
			return <-done
		}
		t.Cleanup(func() { require.NoError(t, stop()) })
		return started{url: "http://" + a.String(), stop: stop}
	case err := <-done:
		cancel()
		t.Fatalf("server did not start: %v", err)
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("server did not start within 30s")
	}
	return started{}
}

// gql posts a GraphQL request and returns the status code and decoded body.
func gql(t *testing.T, base, query string) (int, map[string]any) {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query})
	require.NoError(t, err)
	return postJSON(t, base+"/graphql", body)
}

func postJSON(t *testing.T, url string, body []byte) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post(url, "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	responses.record(url, string(b))
	var out map[string]any
	require.NoError(t, json.Unmarshal(b, &out), "the response is JSON")
	return resp.StatusCode, out
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

func TestHealthzAndSystemStatusOnSQLite(t *testing.T) {
	dir := t.TempDir()
	s := start(t, Config{DataDir: dir}, testDist)

	resp, body := get(t, s.url+"/healthz")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	var h map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &h))
	require.Equal(t, "ok", h["status"])
	require.Equal(t, "v9.9.9-test", h["version"])
	require.Equal(t, "sqlite", h["database"].(map[string]any)["dialect"])
	require.FileExists(t, filepath.Join(dir, "dbackup.db"), "the default database lives in DATA_DIR")

	code, out := gql(t, s.url, `{ systemStatus { version startedAt database { dialect reachable schemaVersion } } }`)
	require.Equal(t, http.StatusOK, code)
	st := out["data"].(map[string]any)["systemStatus"].(map[string]any)
	require.Equal(t, "v9.9.9-test", st["version"])
	started, err := time.Parse(time.RFC3339Nano, st["startedAt"].(string))
	require.NoError(t, err)
	require.WithinDuration(t, time.Now(), started, time.Minute)
	db := st["database"].(map[string]any)
	require.Equal(t, "SQLITE", db["dialect"])
	require.Equal(t, true, db["reachable"])
	require.Regexp(t, `^\d{14}$`, db["schemaVersion"])
}

func TestGracefulShutdownReturnsNil(t *testing.T) {
	s := start(t, Config{}, testDist)
	require.NoError(t, s.stop())
	_, err := http.Get(s.url + "/healthz")
	require.Error(t, err, "the listener is closed after shutdown")
}

func TestSecurityHeaders(t *testing.T) {
	s := start(t, Config{}, testDist)
	resp, _ := get(t, s.url+"/")
	require.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"))
	require.Equal(t, "DENY", resp.Header.Get("X-Frame-Options"))
	require.True(t, strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html"))
}

// envMap returns a Getenv over m.
func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}
