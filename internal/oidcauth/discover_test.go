package oidcauth_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/oidcauth"
	"github.com/dbackup/dbackup/internal/testutil/oidctest"
)

// closedURL is an http URL on a loopback port nothing listens on.
func closedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return "http://" + addr
}

func TestDiscoverRealProvider(t *testing.T) {
	op := oidctest.Start(t, opConfig())
	ctx := context.Background()
	require.NoError(t, oidcauth.Discover(ctx, op.Issuer, nil))

	// The issuer must match exactly: a trailing slash is another issuer.
	err := oidcauth.Discover(ctx, op.Issuer+"/", nil)
	require.ErrorIs(t, err, oidcauth.ErrDiscoveryInvalid)
	require.Contains(t, err.Error(), "does not match")
}

func TestDiscoverUnreachable(t *testing.T) {
	err := oidcauth.Discover(context.Background(), closedURL(t), nil)
	require.ErrorIs(t, err, oidcauth.ErrUnreachable)
}

func TestDiscoverInvalid(t *testing.T) {
	var (
		mu     sync.Mutex
		doc    string
		status int
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.URL.Path != "/.well-known/openid-configuration" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(doc))
	}))
	t.Cleanup(srv.Close)
	iss := srv.URL
	good := func(extra string) string {
		return `{"issuer":"` + iss + `","authorization_endpoint":"` + iss + `/authorize","token_endpoint":"` +
			iss + `/token","jwks_uri":"` + iss + `/keys"` + extra + `}`
	}

	tests := []struct {
		name, doc, detail string
		status            int
	}{
		{"valid", good(`,"code_challenge_methods_supported":["plain","S256"]`), "", http.StatusOK},
		{"other issuer", `{"issuer":"https://evil.example","authorization_endpoint":"x","token_endpoint":"x","jwks_uri":"x"}`, "does not match", http.StatusOK},
		{"not found", `nope`, "404", http.StatusNotFound},
		{"not JSON", `<html>`, "decode", http.StatusOK},
		{"no token endpoint", `{"issuer":"` + iss + `","authorization_endpoint":"x","jwks_uri":"x"}`, "token_endpoint", http.StatusOK},
		{"no jwks", `{"issuer":"` + iss + `","authorization_endpoint":"x","token_endpoint":"x"}`, "jwks_uri", http.StatusOK},
		{"no S256", good(`,"code_challenge_methods_supported":["plain"]`), "S256", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mu.Lock()
			doc, status = tt.doc, tt.status
			mu.Unlock()
			err := oidcauth.Discover(context.Background(), iss, srv.Client())
			if tt.detail == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, oidcauth.ErrDiscoveryInvalid)
			require.Contains(t, err.Error(), tt.detail)
		})
	}

	for _, bad := range []string{"", "issuer.example", "ftp://issuer.example", "http://"} {
		require.ErrorIs(t, oidcauth.Discover(context.Background(), bad, nil), oidcauth.ErrDiscoveryInvalid, bad)
	}
}
