package oidctest_test

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/testutil/oidctest"
)

const (
	clientID    = "dbackup"
	secret      = "s3cret"
	redirectURI = "http://127.0.0.1:8080/auth/oidc/x/callback"
	scopes      = "openid email profile"
)

func alice() oidctest.User {
	return oidctest.User{
		Username: "alice", Password: "alice-pw", Subject: "u-alice",
		Email: "alice@example.com", EmailVerified: true, Name: "Alice", Groups: []string{"admins", "ops"},
	}
}

func config() oidctest.Config {
	return oidctest.Config{
		Clients: []oidctest.Client{{
			ID: clientID, Secret: secret,
			RedirectURIs:        []string{redirectURI},
			RedirectURIPrefixes: []string{"http://127.0.0.1:"},
		}},
		Users: []oidctest.User{alice()},
	}
}

func TestDiscovery(t *testing.T) {
	op := oidctest.Start(t, config())
	d := discover(t, op)
	require.Equal(t, op.Issuer, d.Issuer)
	require.True(t, strings.HasPrefix(d.AuthorizationEndpoint, op.Issuer+"/"))
	require.Contains(t, d.CodeChallengeMethods, "S256")
	require.Contains(t, d.TokenAuthMethods, "client_secret_basic")
	require.Contains(t, d.TokenAuthMethods, "client_secret_post")
	require.Contains(t, d.ScopesSupported, "groups")

	resp, err := http.Get(op.Issuer + "/healthz")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestCodeFlow(t *testing.T) {
	op := oidctest.Start(t, config())
	d := discover(t, op)
	tests := []struct {
		name        string
		redirectURI string
		post        bool
	}{
		{"client_secret_basic, exact redirect", redirectURI, false},
		{"client_secret_post, prefix redirect", "http://127.0.0.1:41234/auth/oidc/y/callback", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFlow(d, clientID, secret, tt.redirectURI, scopes)
			code := f.code(t, op.Login(t, nil, f.authURL, "alice", "alice-pw"))
			tr := f.exchange(t, d, code, f.verifier, tt.post)
			require.Equal(t, http.StatusOK, tr.status, tr.Error)
			require.NotEmpty(t, tr.AccessToken)

			claims := verifyIDToken(t, d, tr.IDToken)
			require.Equal(t, op.Issuer, claims["iss"])
			require.Equal(t, []any{clientID}, claims["aud"])
			require.Equal(t, "u-alice", claims["sub"])
			require.Equal(t, f.nonce, claims["nonce"])
			require.Equal(t, "alice@example.com", claims["email"])
			require.Equal(t, true, claims["email_verified"])
			require.Equal(t, "Alice", claims["name"])
			require.Equal(t, []any{"admins", "ops"}, claims["groups"])
			exp := time.Unix(int64(claims["exp"].(float64)), 0)
			require.WithinDuration(t, time.Now().Add(time.Hour), exp, time.Minute)

			req, err := http.NewRequest(http.MethodGet, d.UserinfoEndpoint, nil)
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer "+tr.AccessToken)
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
			require.Contains(t, string(body), `"email":"alice@example.com"`)
		})
	}
}

func TestEmailNotVerified(t *testing.T) {
	cfg := config()
	cfg.Users[0].EmailVerified = false
	op := oidctest.Start(t, cfg)
	d := discover(t, op)
	f := newFlow(d, clientID, secret, redirectURI, scopes)
	tr := f.exchange(t, d, f.code(t, op.Login(t, nil, f.authURL, "alice", "alice-pw")), f.verifier, false)
	require.Equal(t, http.StatusOK, tr.status, tr.Error)
	require.Equal(t, false, verifyIDToken(t, d, tr.IDToken)["email_verified"])
}

func TestCodeIsSingleUse(t *testing.T) {
	op := oidctest.Start(t, config())
	d := discover(t, op)
	f := newFlow(d, clientID, secret, redirectURI, scopes)
	code := f.code(t, op.Login(t, nil, f.authURL, "alice", "alice-pw"))
	require.Equal(t, http.StatusOK, f.exchange(t, d, code, f.verifier, false).status)
	replay := f.exchange(t, d, code, f.verifier, false)
	require.Equal(t, http.StatusBadRequest, replay.status)
	require.Equal(t, "invalid_grant", replay.Error)
}

func TestTokenRequestRefused(t *testing.T) {
	op := oidctest.Start(t, config())
	d := discover(t, op)
	tests := []struct {
		name    string
		change  func(f *flow)
		wantErr string
	}{
		{"wrong PKCE verifier", func(f *flow) { f.verifier = "wrong-verifier-wrong-verifier-wrong-verifier" }, "invalid_grant"},
		{"wrong secret", func(f *flow) { f.secret = "wrong" }, "invalid_client"},
		{"other redirect URI", func(f *flow) { f.redirectURI = "http://127.0.0.1:1/other" }, "invalid_grant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFlow(d, clientID, secret, redirectURI, scopes)
			code := f.code(t, op.Login(t, nil, f.authURL, "alice", "alice-pw"))
			tt.change(f)
			tr := f.exchange(t, d, code, f.verifier, false)
			require.Contains(t, []int{http.StatusBadRequest, http.StatusUnauthorized}, tr.status)
			require.Equal(t, tt.wantErr, tr.Error)
		})
	}
}

func TestUnregisteredRedirectURI(t *testing.T) {
	op := oidctest.Start(t, config())
	d := discover(t, op)
	f := newFlow(d, clientID, secret, "http://attacker.example/callback", scopes)
	_, err := op.TryLogin(nil, f.authURL, "alice", "alice-pw")
	require.Error(t, err)
}

func TestWrongPassword(t *testing.T) {
	op := oidctest.Start(t, config())
	d := discover(t, op)
	f := newFlow(d, clientID, secret, redirectURI, scopes)
	_, err := op.TryLogin(nil, f.authURL, "alice", "wrong")
	require.True(t, errors.Is(err, oidctest.ErrInvalidCredentials), "%v", err)
	_, err = op.TryLogin(nil, f.authURL, "mallory", "alice-pw")
	require.True(t, errors.Is(err, oidctest.ErrInvalidCredentials), "%v", err)

	// The page a browser sees says so, and keeps the form.
	resp, err := http.PostForm(op.Issuer+"/login", url.Values{"authRequestID": {"x"}, "username": {"alice"}, "password": {"wrong"}})
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	require.Contains(t, string(body), "invalid credentials")
	require.Contains(t, string(body), `name="password"`)
	require.Contains(t, string(body), ">Sign in</button>")
}
