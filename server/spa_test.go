package server

import (
	"net/http"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"
)

func TestSPAServing(t *testing.T) {
	s := start(t, Config{}, testDist)
	tests := []struct {
		name      string
		path      string
		wantCode  int
		wantBody  string
		wantCache string
	}{
		{name: "root", path: "/", wantCode: 200, wantBody: "DBackup SPA", wantCache: revalidateCache},
		{name: "deep link", path: "/sources/src_01JDQ3Z6V6T2G4F2A7Q2M9KXHB/edit", wantCode: 200, wantBody: "DBackup SPA", wantCache: revalidateCache},
		{name: "hashed asset", path: "/assets/index-3f2a9c1b.js", wantCode: 200, wantBody: "console.log", wantCache: immutableCache},
		{name: "missing asset", path: "/assets/index-00000000.js", wantCode: 404},
		{name: "root file", path: "/favicon.svg", wantCode: 200, wantBody: "<svg/>", wantCache: revalidateCache},
		{name: "playground", path: "/playground", wantCode: 200, wantBody: "GraphiQL"},
		{name: "api is not the SPA", path: "/api/nothing", wantCode: 404},
		{name: "auth is not the SPA", path: "/auth/nothing", wantCode: 404},
		{name: "graphql subpath is not the SPA", path: "/graphql/x", wantCode: 404},
		{name: "dot dot", path: "/../../etc/passwd", wantCode: 200, wantBody: "DBackup SPA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := get(t, s.url+tt.path)
			require.Equal(t, tt.wantCode, resp.StatusCode, body)
			require.Contains(t, body, tt.wantBody)
			if tt.wantCache != "" {
				require.Equal(t, tt.wantCache, resp.Header.Get("Cache-Control"))
			}
		})
	}

	resp, err := http.Post(s.url+"/sources", "text/plain", nil)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
}

func TestSPANotBuilt(t *testing.T) {
	s := start(t, Config{}, fstest.MapFS{".gitkeep": {}})
	resp, body := get(t, s.url+"/jobs")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, body, "npm run build", "a binary without the SPA says how to build it")
	resp, body = get(t, s.url+"/playground")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, body, "GraphiQL", "gqlgen's playground stands in")
}
