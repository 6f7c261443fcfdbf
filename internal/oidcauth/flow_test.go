package oidcauth_test

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/dbackup/dbackup/internal/oidcauth"
	"github.com/dbackup/dbackup/internal/testutil/oidctest"
	"github.com/dbackup/dbackup/internal/vault"
)

const (
	clientID     = "dbackup"
	clientSecret = "dbackup-secret"
)

// opConfig is the provider's configuration: one client accepting any loopback callback, and
// alice, verified and in two groups.
func opConfig() oidctest.Config {
	return oidctest.Config{
		Clients: []oidctest.Client{{
			ID: clientID, Secret: clientSecret,
			RedirectURIPrefixes: []string{"http://127.0.0.1:"},
		}},
		Users: []oidctest.User{{
			Username: "alice", Password: "alice-pw", Subject: "u-alice",
			Email: "alice@example.com", EmailVerified: true, Name: "Alice",
			Groups: []string{"admins", "ops"},
		}},
	}
}

// result is what the relying party's callback handler got from Finish.
type result struct {
	id  oidcauth.Identity
	err error
}

// rp is a relying party on an httptest server: GET /auth/oidc/{id}/start?returnTo= runs
// Flow.Start and redirects to the provider, GET /auth/oidc/{id}/callback runs Flow.Finish.
type rp struct {
	srv       *httptest.Server
	flow      *oidcauth.Flow
	providers map[string]oidcauth.Provider
	results   chan result
}

var sealKey = bytes.Repeat([]byte{7}, oidcauth.SealKeySize)

func newRP(t *testing.T, op *oidctest.OP) *rp {
	t.Helper()
	h := &rp{results: make(chan result, 1)}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /auth/oidc/{id}/start", func(w http.ResponseWriter, r *http.Request) {
		u, err := h.flow.Start(w, r, h.providers[r.PathValue("id")], r.URL.Query().Get("returnTo"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		http.Redirect(w, r, u, http.StatusFound)
	})
	mux.HandleFunc("GET /auth/oidc/{id}/callback", func(w http.ResponseWriter, r *http.Request) {
		id, err := h.flow.Finish(w, r, h.providers[r.PathValue("id")])
		h.results <- result{id, err}
		w.WriteHeader(http.StatusNoContent)
	})
	h.srv = httptest.NewServer(mux)
	t.Cleanup(h.srv.Close)
	h.flow = oidcauth.NewFlow(h.srv.URL, sealKey, nil)
	p := oidcauth.Provider{
		ID: "sso1", Name: "Test", IssuerURL: op.Issuer, ClientID: clientID,
		ClientSecret: vault.NewSecret(clientSecret), Scopes: []string{"email", "profile", "groups"},
		GroupsClaim: "groups",
	}
	other := p
	other.ID = "sso2"
	h.providers = map[string]oidcauth.Provider{p.ID: p, other.ID: other}
	return h
}

// browser is an HTTP client with a cookie jar that does not follow redirects.
func browser(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

// start opens the relying party's start route for provider id and returns the provider's
// authorization URL it redirects to.
func (h *rp) start(t *testing.T, b *http.Client, id, returnTo string) string {
	t.Helper()
	resp, err := b.Get(h.srv.URL + "/auth/oidc/" + id + "/start?returnTo=" + url.QueryEscape(returnTo))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	return resp.Header.Get("Location")
}

// callback opens u on the relying party with b and returns what Finish returned.
func (h *rp) callback(t *testing.T, b *http.Client, u *url.URL) (oidcauth.Identity, error) {
	t.Helper()
	resp, err := b.Get(u.String())
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusNoContent, resp.StatusCode)
	r := <-h.results
	return r.id, r.err
}

// login starts a sign-in with b, signs in as alice at op, and returns the callback URL.
func (h *rp) login(t *testing.T, op *oidctest.OP, b *http.Client, returnTo string) *url.URL {
	t.Helper()
	return op.Login(t, b, h.start(t, b, "sso1", returnTo), "alice", "alice-pw")
}

// stateCookie returns the state cookie b holds for h.
func (h *rp) stateCookie(b *http.Client) *http.Cookie {
	u, _ := url.Parse(h.srv.URL + "/auth/oidc/")
	for _, c := range b.Jar.Cookies(u) {
		if c.Name == oidcauth.StateCookie {
			return c
		}
	}
	return nil
}

func (h *rp) setStateCookie(b *http.Client, value string) {
	u, _ := url.Parse(h.srv.URL + "/auth/oidc/")
	b.Jar.SetCookies(u, []*http.Cookie{{Name: oidcauth.StateCookie, Value: value, Path: "/auth/oidc/"}})
}

func TestFlowHappyPath(t *testing.T) {
	op := oidctest.Start(t, opConfig())
	h := newRP(t, op)
	b := browser(t)

	// Start's redirect carries PKCE, nonce and state, and sets the sealed cookie.
	resp, err := b.Get(h.srv.URL + "/auth/oidc/sso1/start?returnTo=" + url.QueryEscape("/jobs?x=1"))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	authURL, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	q := authURL.Query()
	require.Equal(t, "S256", q.Get("code_challenge_method"))
	require.NotEmpty(t, q.Get("code_challenge"))
	require.NotEmpty(t, q.Get("nonce"))
	require.NotEmpty(t, q.Get("state"))
	require.Equal(t, "openid email profile groups", q.Get("scope"))
	require.Equal(t, h.srv.URL+"/auth/oidc/sso1/callback", q.Get("redirect_uri"))
	require.Len(t, resp.Cookies(), 1)
	c := resp.Cookies()[0]
	require.Equal(t, oidcauth.StateCookie, c.Name)
	require.True(t, c.HttpOnly)
	require.False(t, c.Secure, "the base URL is http")
	require.Equal(t, http.SameSiteLaxMode, c.SameSite)
	require.Equal(t, 600, c.MaxAge)
	require.Equal(t, "/auth/oidc/", c.Path)
	for _, secret := range []string{q.Get("state"), q.Get("nonce"), "/jobs"} {
		require.NotContains(t, c.Value, secret, "the cookie is sealed")
	}

	id, err := h.callback(t, b, op.Login(t, b, authURL.String(), "alice", "alice-pw"))
	require.NoError(t, err)
	require.Equal(t, oidcauth.Identity{
		Issuer: op.Issuer, Subject: "u-alice",
		Email: "alice@example.com", EmailVerified: true,
		Name: "Alice", PreferredUsername: "alice",
		Groups: []string{"admins", "ops"}, ReturnTo: "/jobs?x=1",
	}, id)
	require.Nil(t, h.stateCookie(b), "Finish clears the state cookie")
}

func TestFlowEmailNotVerified(t *testing.T) {
	cfg := opConfig()
	cfg.Users[0].EmailVerified = false
	op := oidctest.Start(t, cfg)
	h := newRP(t, op)
	b := browser(t)
	id, err := h.callback(t, b, h.login(t, op, b, "/"))
	require.NoError(t, err)
	require.False(t, id.EmailVerified)
	require.Equal(t, "alice@example.com", id.Email)
}

func TestFlowReturnTo(t *testing.T) {
	op := oidctest.Start(t, opConfig())
	h := newRP(t, op)
	for in, want := range map[string]string{
		"//evil.com":       "/",
		"https://evil.com": "/",
		"/ok?x=1":          "/ok?x=1",
		"":                 "/",
	} {
		t.Run(in, func(t *testing.T) {
			b := browser(t)
			id, err := h.callback(t, b, h.login(t, op, b, in))
			require.NoError(t, err)
			require.Equal(t, want, id.ReturnTo)
		})
	}
}

func TestFlowStateChecks(t *testing.T) {
	op := oidctest.Start(t, opConfig())
	h := newRP(t, op)

	t.Run("missing state cookie", func(t *testing.T) {
		cb := h.login(t, op, browser(t), "/")
		_, err := h.callback(t, browser(t), cb)
		require.ErrorIs(t, err, oidcauth.ErrStateMissing)
	})
	t.Run("state parameter tampered with", func(t *testing.T) {
		b := browser(t)
		cb := h.login(t, op, b, "/")
		q := cb.Query()
		q.Set("state", q.Get("state")+"x")
		cb.RawQuery = q.Encode()
		_, err := h.callback(t, b, cb)
		require.ErrorIs(t, err, oidcauth.ErrStateMismatch)
		require.Nil(t, h.stateCookie(b), "a failed callback uses the cookie up too")
	})
	t.Run("state of another sign-in", func(t *testing.T) {
		b := browser(t)
		cb := h.login(t, op, b, "/")
		h.start(t, b, "sso1", "/") // a second sign-in replaces the cookie
		_, err := h.callback(t, b, cb)
		require.ErrorIs(t, err, oidcauth.ErrStateMismatch)
	})
	t.Run("started with another provider", func(t *testing.T) {
		b := browser(t)
		cb := h.login(t, op, b, "/")
		cb.Path = "/auth/oidc/sso2/callback"
		_, err := h.callback(t, b, cb)
		require.ErrorIs(t, err, oidcauth.ErrStateMismatch)
	})
	t.Run("cookie tampered with", func(t *testing.T) {
		b := browser(t)
		cb := h.login(t, op, b, "/")
		// Still valid base64url, so that GCM's authentication is what refuses it.
		raw, err := base64.RawURLEncoding.DecodeString(h.stateCookie(b).Value)
		require.NoError(t, err)
		raw[len(raw)/2] ^= 1
		h.setStateCookie(b, base64.RawURLEncoding.EncodeToString(raw))
		_, err = h.callback(t, b, cb)
		require.ErrorIs(t, err, oidcauth.ErrStateMissing)
		require.Contains(t, err.Error(), "unreadable", "the cookie was sent but refused")
	})
	t.Run("cookie forged under another key", func(t *testing.T) {
		b := browser(t)
		cb := h.login(t, op, b, "/")
		// An attacker's own server seals a state with the callback's state value.
		forger := oidcauth.NewFlow(h.srv.URL, bytes.Repeat([]byte{8}, oidcauth.SealKeySize), nil)
		w := httptest.NewRecorder()
		_, err := forger.Start(w, httptest.NewRequest(http.MethodGet, "/", nil), h.providers["sso1"], "/")
		require.NoError(t, err)
		h.setStateCookie(b, w.Result().Cookies()[0].Value)
		_, err = h.callback(t, b, cb)
		require.ErrorIs(t, err, oidcauth.ErrStateMissing)
		require.Contains(t, err.Error(), "unreadable", "the cookie was sent but refused")
	})
	t.Run("cookie not base64", func(t *testing.T) {
		b := browser(t)
		cb := h.login(t, op, b, "/")
		h.setStateCookie(b, "not.a.sealed.state")
		_, err := h.callback(t, b, cb)
		require.ErrorIs(t, err, oidcauth.ErrStateMissing)
		require.Contains(t, err.Error(), "unreadable", "the cookie was sent but refused")
	})
}

func TestFlowReplayedCode(t *testing.T) {
	op := oidctest.Start(t, opConfig())
	h := newRP(t, op)

	t.Run("same callback twice", func(t *testing.T) {
		b := browser(t)
		cb := h.login(t, op, b, "/")
		_, err := h.callback(t, b, cb)
		require.NoError(t, err)
		_, err = h.callback(t, b, cb)
		require.ErrorIs(t, err, oidcauth.ErrStateMissing, "the first callback cleared the cookie")
	})
	t.Run("same callback with the state cookie put back", func(t *testing.T) {
		b := browser(t)
		cb := h.login(t, op, b, "/")
		saved := h.stateCookie(b).Value
		_, err := h.callback(t, b, cb)
		require.NoError(t, err)
		h.setStateCookie(b, saved)
		_, err = h.callback(t, b, cb)
		require.ErrorIs(t, err, oidcauth.ErrCodeExchange)
		var re *oauth2.RetrieveError
		require.ErrorAs(t, err, &re)
		require.Equal(t, "invalid_grant", re.ErrorCode)
	})
	t.Run("used code with a fresh state cookie", func(t *testing.T) {
		b := browser(t)
		cb := h.login(t, op, b, "/")
		_, err := h.callback(t, b, cb)
		require.NoError(t, err)
		fresh, err := url.Parse(h.start(t, b, "sso1", "/"))
		require.NoError(t, err)
		q := cb.Query()
		q.Set("state", fresh.Query().Get("state"))
		cb.RawQuery = q.Encode()
		_, err = h.callback(t, b, cb)
		require.ErrorIs(t, err, oidcauth.ErrCodeExchange)
		require.Contains(t, err.Error(), "invalid_grant")
	})
}

func TestFlowProviderError(t *testing.T) {
	op := oidctest.Start(t, opConfig())
	h := newRP(t, op)
	b := browser(t)
	authURL, err := url.Parse(h.start(t, b, "sso1", "/"))
	require.NoError(t, err)
	// The provider sends the user back with an error instead of a code, as it does when
	// they decline consent.
	cb, err := url.Parse(authURL.Query().Get("redirect_uri"))
	require.NoError(t, err)
	cb.RawQuery = url.Values{
		"error": {"access_denied"}, "error_description": {"user declined"},
		"state": {authURL.Query().Get("state")},
	}.Encode()
	_, err = h.callback(t, b, cb)
	require.ErrorIs(t, err, oidcauth.ErrProviderError)
	var pe *oidcauth.ProviderError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "access_denied", pe.Code)
	require.Equal(t, "user declined", pe.Description)

	t.Run("an error with the wrong state is a mismatch", func(t *testing.T) {
		b := browser(t)
		h.start(t, b, "sso1", "/")
		cb.RawQuery = url.Values{"error": {"access_denied"}, "state": {"forged"}}.Encode()
		_, err := h.callback(t, b, cb)
		require.ErrorIs(t, err, oidcauth.ErrStateMismatch)
	})
	t.Run("no code", func(t *testing.T) {
		b := browser(t)
		authURL, err := url.Parse(h.start(t, b, "sso1", "/"))
		require.NoError(t, err)
		cb.RawQuery = url.Values{"state": {authURL.Query().Get("state")}}.Encode()
		_, err = h.callback(t, b, cb)
		require.ErrorIs(t, err, oidcauth.ErrCodeExchange)
	})
}

// TestFlowBadTokens has the provider issue correctly signed ID tokens with one bad claim each.
func TestFlowBadTokens(t *testing.T) {
	op := oidctest.Start(t, opConfig())
	h := newRP(t, op)
	tests := []struct {
		name    string
		knobs   oidctest.Knobs
		wantErr error
		detail  string
	}{
		{"wrong nonce", oidctest.Knobs{OverrideNonce: oidctest.String("not-the-nonce")}, oidcauth.ErrNonceMismatch, ""},
		{"no nonce", oidctest.Knobs{OverrideNonce: oidctest.String("")}, oidcauth.ErrNonceMismatch, ""},
		{"wrong audience", oidctest.Knobs{OverrideAudience: []string{"someone-else"}}, oidcauth.ErrTokenInvalid, "audience"},
		{"several audiences without azp", oidctest.Knobs{OverrideAudience: []string{"someone-else", clientID}}, oidcauth.ErrTokenInvalid, "authorized party"},
		{"wrong issuer", oidctest.Knobs{OverrideIssuer: oidctest.String("http://evil.example")}, oidcauth.ErrTokenInvalid, "different provider"},
		{"expired", oidctest.Knobs{IDTokenLifetimeSeconds: oidctest.Seconds(-60)}, oidcauth.ErrTokenInvalid, "expired"},
		{"zero lifetime", oidctest.Knobs{IDTokenLifetimeSeconds: oidctest.Seconds(0)}, oidcauth.ErrTokenInvalid, "expired"},
		{"provider clock two hours behind", oidctest.Knobs{ClockOffsetSeconds: oidctest.Seconds(-7200)}, oidcauth.ErrTokenInvalid, "expired"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := opConfig()
			cfg.Clients[0].Knobs = tt.knobs
			op.SetConfig(t, cfg)
			b := browser(t)
			_, err := h.callback(t, b, h.login(t, op, b, "/"))
			require.ErrorIs(t, err, tt.wantErr)
			require.Contains(t, err.Error(), tt.detail)
		})
	}

	t.Run("correct again", func(t *testing.T) {
		op.SetConfig(t, opConfig())
		b := browser(t)
		_, err := h.callback(t, b, h.login(t, op, b, "/"))
		require.NoError(t, err)
	})
}

func TestFlowStateExpires(t *testing.T) {
	op := oidctest.Start(t, opConfig())
	h := newRP(t, op)
	b := browser(t)
	cb := h.login(t, op, b, "/")
	h.flow.SetNow(func() time.Time { return time.Now().Add(11 * time.Minute) })
	_, err := h.callback(t, b, cb)
	require.ErrorIs(t, err, oidcauth.ErrStateMissing)
	require.Contains(t, err.Error(), "expired")
}

func TestFlowUnreachable(t *testing.T) {
	op := oidctest.Start(t, opConfig())
	h := newRP(t, op)
	p := h.providers["sso1"]
	p.IssuerURL = closedURL(t)
	w := httptest.NewRecorder()
	_, err := h.flow.Start(w, httptest.NewRequest(http.MethodGet, "/", nil), p, "/")
	require.ErrorIs(t, err, oidcauth.ErrUnreachable)
	require.Empty(t, w.Result().Cookies(), "no cookie without an authorization URL")
}

func TestSecureCookieOnHTTPS(t *testing.T) {
	op := oidctest.Start(t, opConfig())
	f := oidcauth.NewFlow("https://backup.example.com/", sealKey, nil)
	p := oidcauth.Provider{ID: "sso1", IssuerURL: op.Issuer, ClientID: clientID}
	w := httptest.NewRecorder()
	u, err := f.Start(w, httptest.NewRequest(http.MethodGet, "/", nil), p, "/")
	require.NoError(t, err)
	require.Contains(t, u, "redirect_uri="+url.QueryEscape("https://backup.example.com/auth/oidc/sso1/callback")+"&")
	require.Contains(t, u, "scope=openid+email+profile&", "default scopes")
	require.True(t, w.Result().Cookies()[0].Secure)
}

// TestRedirectURIFromRequestWithoutBaseURL: without BASE_URL the callback is on the request's
// own scheme and host, and the cookie is Secure only over TLS.
func TestRedirectURIFromRequestWithoutBaseURL(t *testing.T) {
	op := oidctest.Start(t, opConfig())
	f := oidcauth.NewFlow("", sealKey, nil)
	p := oidcauth.Provider{ID: "sso1", IssuerURL: op.Issuer, ClientID: clientID}
	w := httptest.NewRecorder()
	u, err := f.Start(w, httptest.NewRequest(http.MethodGet, "http://backup.lan:3000/auth/oidc/sso1/login", nil), p, "/")
	require.NoError(t, err)
	require.Contains(t, u, "redirect_uri="+url.QueryEscape("http://backup.lan:3000/auth/oidc/sso1/callback")+"&")
	require.False(t, w.Result().Cookies()[0].Secure)
}
