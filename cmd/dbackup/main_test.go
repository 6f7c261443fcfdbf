package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/testutil/pgtest"
)

// binary is the dbackup executable under test: DBACKUP_BIN, or one built for this run.
var binary string

func TestMain(m *testing.M) {
	binary = os.Getenv("DBACKUP_BIN")
	if binary == "" {
		dir, err := os.MkdirTemp("", "dbackup-bin-")
		if err != nil {
			panic(err)
		}
		binary = filepath.Join(dir, "dbackup")
		out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
		if err != nil {
			fmt.Fprintf(os.Stderr, "build dbackup: %v\n%s", err, out)
			os.Exit(1)
		}
		code := m.Run()
		_ = os.RemoveAll(dir)
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// env returns a clean environment for the binary plus extra, so a developer's own
// DATABASE_URL or LISTEN cannot leak into a test.
func env(extra ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		switch strings.SplitN(kv, "=", 2)[0] {
		case "DATABASE_URL", "DATA_DIR", "LISTEN", "BASE_URL", "SSO_AUTO_REDIRECT", "LOG_LEVEL", "SESSION_LIFETIME", "SESSION_IDLE_TIMEOUT", "ENCRYPTION_KEY", "ENCRYPTION_KEY_FILE",
			"ENCRYPTION_KEY_PREVIOUS", "ENCRYPTION_KEY_PREVIOUS_FILE", "ENCRYPTION_KEY_STRICT":
			continue
		}
		out = append(out, kv)
	}
	return append(out, extra...)
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

func TestStartupErrorsNameTheVariable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer taken.Close()

	tests := []struct {
		name    string
		env     []string
		wantVar string
		wantFix string
	}{
		{name: "malformed DATABASE_URL", env: []string{"DATABASE_URL=postgres://u:hunter2@db:port/x"}, wantVar: "DATABASE_URL", wantFix: "postgres://USER:PASSWORD@HOST:5432/DBNAME"},
		{name: "unsupported DATABASE_URL", env: []string{"DATABASE_URL=oracle://db"}, wantVar: "DATABASE_URL", wantFix: "use sqlite://PATH"},
		{name: "unreachable DATABASE_URL", env: []string{"DATABASE_URL=postgres://u:hunter2@127.0.0.1:1/x?connect_timeout=2"}, wantVar: "DATABASE_URL", wantFix: "check that the database server runs"},
		{name: "unwritable DATA_DIR", env: []string{"DATA_DIR=" + filepath.Join(file, "data")}, wantVar: "DATA_DIR", wantFix: "set DATA_DIR to a folder this user can write"},
		{name: "taken port", env: []string{"LISTEN=" + taken.Addr().String()}, wantVar: "LISTEN", wantFix: "set LISTEN to a free one"},
		{name: "malformed LISTEN", env: []string{"LISTEN=3000"}, wantVar: "LISTEN", wantFix: "such as :3000"},
		{name: "malformed BASE_URL", env: []string{"BASE_URL=backup.local"}, wantVar: "BASE_URL", wantFix: "https://backup.example.com"},
		{name: "malformed ENCRYPTION_KEY", env: []string{"ENCRYPTION_KEY=abcdef-hunter2"}, wantVar: "ENCRYPTION_KEY", wantFix: "openssl rand -hex 32"},
		{name: "missing ENCRYPTION_KEY_FILE", env: []string{"ENCRYPTION_KEY_FILE=/nonexistent/key"}, wantVar: "ENCRYPTION_KEY_FILE", wantFix: "openssl rand -hex 32"},
		{name: "unknown LOG_LEVEL", env: []string{"LOG_LEVEL=loud"}, wantVar: "LOG_LEVEL", wantFix: "want debug, info, warn or error"},
		{name: "SESSION_LIFETIME not a duration", env: []string{"SESSION_LIFETIME=a month"}, wantVar: "SESSION_LIFETIME", wantFix: "want a positive duration"},
		{name: "negative SESSION_IDLE_TIMEOUT", env: []string{"SESSION_IDLE_TIMEOUT=-5m"}, wantVar: "SESSION_IDLE_TIMEOUT", wantFix: "want a positive duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(binary, "serve")
			cmd.Env = env(append([]string{"DATA_DIR=" + t.TempDir(), "LISTEN=" + freeAddr(t)}, tt.env...)...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			var exit *exec.ExitError
			require.ErrorAs(t, err, &exit, "stderr: %s", stderr.String())
			require.NotEqual(t, 0, exit.ExitCode())
			out := strings.TrimSpace(stderr.String())
			require.NotContains(t, out, "\n", "one line")
			require.True(t, strings.HasPrefix(out, "dbackup: "+tt.wantVar), out)
			require.Contains(t, out, tt.wantFix)
			require.NotContains(t, out, "hunter2", "a password never reaches the terminal")
		})
	}
}

// serve runs `dbackup serve` with extra environment and waits for /healthz.
func serve(t *testing.T, extra ...string) (base string, cmd *exec.Cmd, stderr *bytes.Buffer) {
	t.Helper()
	addr := freeAddr(t)
	cmd = exec.Command(binary, "serve")
	cmd.Env = env(append([]string{"DATA_DIR=" + t.TempDir(), "LISTEN=" + addr}, extra...)...)
	stderr = &bytes.Buffer{}
	cmd.Stderr = stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	base = "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base, cmd, stderr
			}
		}
		require.True(t, time.Now().Before(deadline), "server did not become healthy; stderr:\n%s", stderr)
		time.Sleep(100 * time.Millisecond)
	}
}

func fetch(t *testing.T, method, url, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, url, strings.NewReader(body))
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// acceptance runs the checks the README promises against a served binary.
func acceptance(t *testing.T, base, dialect string) {
	t.Helper()
	code, body := fetch(t, http.MethodGet, base+"/healthz", "")
	require.Equal(t, http.StatusOK, code)
	var h struct {
		Status   string
		Database struct{ Dialect string }
	}
	require.NoError(t, json.Unmarshal([]byte(body), &h))
	require.Equal(t, "ok", h.Status)
	require.Equal(t, dialect, h.Database.Dialect)

	code, body = fetch(t, http.MethodGet, base+"/", "")
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, body, "<title>DBackup")

	code, _ = fetch(t, http.MethodGet, base+"/playground", "")
	require.Equal(t, http.StatusOK, code)

	code, body = fetch(t, http.MethodPost, base+"/graphql", `{"query":"{ systemStatus { version database { dialect } } }"}`)
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, body, `"dialect":"`+strings.ToUpper(dialect)+`"`)
}

func TestServeSQLiteThenSIGTERM(t *testing.T) {
	base, cmd, stderr := serve(t)
	acceptance(t, base, "sqlite")

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		require.NoError(t, err, "a graceful stop exits 0; stderr:\n%s", stderr)
	case <-time.After(30 * time.Second):
		t.Fatal("no exit 30s after SIGTERM")
	}
	// Not a terminal: every log line is JSON.
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	require.GreaterOrEqual(t, len(lines), 2)
	for _, l := range lines {
		require.True(t, json.Valid([]byte(l)), "log line is not JSON: %s", l)
	}
	require.Contains(t, stderr.String(), `"msg":"stopped"`)
}

func TestServePostgres(t *testing.T) {
	base, _, _ := serve(t, "DATABASE_URL="+pgtest.NewDatabase(t))
	acceptance(t, base, "postgres")
}

func TestVersionAndHelp(t *testing.T) {
	out, err := exec.Command(binary, "version").Output()
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(out), "dbackup "), string(out))

	for _, args := range [][]string{{"--help"}, {"serve", "--help"}, {"version", "--help"}} {
		out, err := exec.Command(binary, args...).CombinedOutput()
		require.NoError(t, err, "%v", args)
		require.Contains(t, string(out), "USAGE:", "%v", args)
	}
	out, err = exec.Command(binary, "serve", "--help").CombinedOutput()
	require.NoError(t, err)
	for _, v := range []string{"$DATABASE_URL", "$DATA_DIR", "$LISTEN", "$BASE_URL"} {
		require.Contains(t, string(out), v)
	}
}
