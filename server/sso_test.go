package server

import (
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/testutil/oidctest"
)

// Clients and users of the test OpenID Provider; each knob client issues one kind of bad token.
const (
	ssoSecret  = "sso client secret 0123456789"
	ssoUserPW  = "provider password"
	createSSO  = `mutation($in: SSOProviderInput!) { createSSOProvider(input: $in) { id name callbackURL groupMapping { claimValue group } secrets { field state } } }`
	updateSSO  = `mutation($id: ID!, $in: UpdateSSOProviderInput!) { updateSSOProvider(id: $id, input: $in) { id } }`
	loginOpts  = `{ loginOptions { providers { id name loginURL } localLoginForEveryone autoRedirectURL } }`
	localLogin = `mutation($on: Boolean!) { setLocalLoginForEveryone(enabled: $on) { localLoginForEveryone } }`
)

func ssoOPConfig() oidctest.Config {
	client := func(id string, k oidctest.Knobs) oidctest.Client {
		return oidctest.Client{ID: id, Secret: ssoSecret, RedirectURIPrefixes: []string{"http://127.0.0.1:"}, Knobs: k}
	}
	user := func(name, email string, verified bool, groups ...string) oidctest.User {
		return oidctest.User{Username: name, Password: ssoUserPW, Subject: "sub-" + name, Email: email, EmailVerified: verified, Name: name, Groups: groups}
	}
	return oidctest.Config{
		Clients: []oidctest.Client{
			client("dbackup", oidctest.Knobs{}),
			client("bad-aud", oidctest.Knobs{OverrideAudience: []string{"someone-else"}}),
			client("bad-iss", oidctest.Knobs{OverrideIssuer: oidctest.String("https://evil.example.com")}),
			client("bad-nonce", oidctest.Knobs{OverrideNonce: oidctest.String("not-the-nonce")}),
			client("expired", oidctest.Knobs{IDTokenLifetimeSeconds: oidctest.Seconds(-60)}),
		},
		Users: []oidctest.User{
			user("carol", "carol@example.com", true, "ops", "aud"),
			user("dave", "dave@example.com", false),
			user("erin", "erin@example.com", true),
			user("mallory", "mallory@other.org", true),
		},
	}
}

// ssoEnv is a DBackup server, its administrator and the test provider.
type ssoEnv struct {
	t     *testing.T
	url   string
	stop  func() error
	dir   string
	admin map[string]string
	op    *oidctest.OP
}

func newSSOEnv(t *testing.T) *ssoEnv {
	dir := t.TempDir()
	s := start(t, Config{DataDir: dir}, testDist)
	e := &ssoEnv{t: t, url: s.url, stop: s.stop, dir: dir, op: oidctest.Start(t, ssoOPConfig())}
	e.admin = withCookie(adminCookie(t, s.url), true)
	return e
}

func (e *ssoEnv) do(q string, vars map[string]any) reply {
	e.t.Helper()
	return gqlVars(e.t, e.url, q, vars, e.admin)
}

// provider creates a provider for client with extra settings and returns its id.
func (e *ssoEnv) provider(name, client string, extra map[string]any) string {
	e.t.Helper()
	in := map[string]any{"name": name, "issuerURL": e.op.Issuer, "clientID": client, "clientSecret": ssoSecret}
	for k, v := range extra {
		in[k] = v
	}
	r := e.do(createSSO, map[string]any{"in": in})
	p := data(e.t, r, "createSSOProvider").(map[string]any)
	require.Equal(e.t, []any{map[string]any{"field": "client_secret", "state": "SET"}}, p["secrets"], r.body)
	return p["id"].(string)
}

// group creates a group that may see history and returns its id.
func (e *ssoEnv) group(name string) any {
	e.t.Helper()
	return data(e.t, e.do(createGroupOp, map[string]any{"in": map[string]any{"name": name, "permissions": []any{"history:read"}}}), "createGroup").(map[string]any)["id"]
}

// browser is a cookie-keeping client that does not follow redirects, so each hop is checked.
func browser(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// hop makes one GET and returns the status and Location.
func hop(t *testing.T, b *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := b.Get(u)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}

// signIn runs the whole code flow as username and returns where DBackup sends the browser at
// the end: returnTo on success, /login?ssoError=… otherwise.
func (e *ssoEnv) signIn(b *http.Client, providerID, username, returnTo string) *url.URL {
	e.t.Helper()
	status, auth := hop(e.t, b, e.url+"/auth/oidc/"+providerID+"/login?returnTo="+url.QueryEscape(returnTo))
	require.Equal(e.t, http.StatusFound, status, auth)
	if !startsWith(auth, e.op.Issuer) {
		return parseURL(e.t, auth)
	}
	cb := e.op.Login(e.t, b, auth, username, ssoUserPW)
	status, loc := hop(e.t, b, cb.String())
	require.Equal(e.t, http.StatusSeeOther, status)
	return parseURL(e.t, loc)
}

func startsWith(s, prefix string) bool { return len(s) >= len(prefix) && s[:len(prefix)] == prefix }

func parseURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}

// viewer returns the signed-in user of the browser's session.
func (e *ssoEnv) viewer(b *http.Client) map[string]any {
	e.t.Helper()
	u := parseURL(e.t, e.url)
	var h = map[string]string{csrfHeader: "1"}
	for _, c := range b.Jar.Cookies(u) {
		if c.Name == sessionCookie {
			h["Cookie"] = sessionCookie + "=" + c.Value
		}
	}
	return data(e.t, query(e.t, e.url, `{ viewer { id username permissions groups } }`, h), "viewer").(map[string]any)
}

func groupNames(v map[string]any) []string {
	var out []string
	for _, g := range v["groups"].([]any) {
		out = append(out, g.(string))
	}
	slices.Sort(out)
	return out
}

func TestSSOSignInProvisionsAndSyncsGroups(t *testing.T) {
	e := newSSOEnv(t)
	for name, p := range map[string][]string{"Operators": {"jobs:read"}, "Auditors": {"audit:read"}, "Extra": {"history:read"}} {
		data(t, e.do(createGroupOp, map[string]any{"in": map[string]any{"name": name, "permissions": p}}), "createGroup")
	}
	id := e.provider("Company ID", "dbackup", map[string]any{
		"autoProvision": true, "groupsClaim": "groups",
		"groupMapping": []any{map[string]any{"claimValue": "ops", "group": "Operators"}, map[string]any{"claimValue": "aud", "group": "Auditors"}},
	})

	opts := data(t, query(t, e.url, loginOpts, nil), "loginOptions").(map[string]any)
	require.Equal(t, []any{map[string]any{"id": id, "name": "Company ID", "loginURL": "/auth/oidc/" + id + "/login"}}, opts["providers"])
	require.Equal(t, true, opts["localLoginForEveryone"])

	b := browser(t)
	end := e.signIn(b, id, "carol", "/jobs?x=1")
	require.Equal(t, "/jobs?x=1", end.String())
	v := e.viewer(b)
	require.Equal(t, "carol", v["username"])
	require.Equal(t, []string{"Auditors", "Operators"}, groupNames(v))
	require.Contains(t, v["permissions"], "jobs:read")

	// An administrator adds carol to a group the provider does not manage; the provider then
	// drops ops from her claim: Operators goes, Auditors and Extra stay.
	users := data(t, e.do(`{ users(where: {username: "carol"}) { edges { node { id } } } }`, nil), "users").(map[string]any)["edges"].([]any)
	carolID := users[0].(map[string]any)["node"].(map[string]any)["id"].(string)
	var all []any
	for _, g := range data(t, e.do(`{ groups { edges { node { id name } } } }`, nil), "groups").(map[string]any)["edges"].([]any) {
		if n := g.(map[string]any)["node"].(map[string]any); n["name"] != "Admins" {
			all = append(all, n["id"])
		}
	}
	data(t, e.do(`mutation($id: ID!, $g: [ID!]) { updateUser(id: $id, input: {groupIds: $g}) { id } }`, map[string]any{"id": carolID, "g": all}), "updateUser")
	cfg := ssoOPConfig()
	cfg.Users[0].Groups = []string{"aud"}
	e.op.SetConfig(t, cfg)
	b = browser(t)
	require.Equal(t, "/", e.signIn(b, id, "carol", "https://evil.example.com/").String(), "foreign returnTo falls back to /")
	v = e.viewer(b)
	require.Equal(t, carolID, v["id"], "the same user, found by (issuer, subject)")
	require.Equal(t, []string{"Auditors", "Extra"}, groupNames(v))
	require.NotContains(t, v["permissions"], "jobs:read")
}

// ssoError returns the ssoError code a failed sign-in lands with.
func ssoError(t *testing.T, u *url.URL) string {
	t.Helper()
	require.Equal(t, "/login", u.Path, u.String())
	return u.Query().Get("ssoError")
}

func TestSSORefusals(t *testing.T) {
	e := newSSOEnv(t)
	ids := map[string]string{}
	for _, c := range []string{"bad-aud", "bad-iss", "bad-nonce", "expired"} {
		ids[c] = e.provider(c, c, map[string]any{"autoProvision": true})
	}
	for c, id := range ids {
		require.Equal(t, "TOKEN_REJECTED", ssoError(t, e.signIn(browser(t), id, "erin", "/")), c)
	}

	closed := e.provider("Closed", "dbackup", nil)
	require.Equal(t, "USER_NOT_PROVISIONED", ssoError(t, e.signIn(browser(t), closed, "erin", "/")))
	domains := e.provider("Domains", "dbackup", map[string]any{"autoProvision": true, "allowedEmailDomains": []any{"@Example.com"}})
	require.Equal(t, "DOMAIN_NOT_ALLOWED", ssoError(t, e.signIn(browser(t), domains, "mallory", "/")))
	b := browser(t)
	e.signIn(b, domains, "erin", "/")
	require.Equal(t, "erin", e.viewer(b)["username"])

	// Linking by e-mail: only a verified one.
	g := e.group("Viewers")
	data(t, e.do(createUserOp, map[string]any{"in": map[string]any{"username": "dave-local", "password": aliceSecret, "email": "DAVE@example.com", "groupIds": []any{g}}}), "createUser")
	data(t, e.do(createUserOp, map[string]any{"in": map[string]any{"username": "carol-local", "password": aliceSecret, "email": "carol@example.com", "groupIds": []any{g}}}), "createUser")
	link := e.provider("Link", "dbackup", map[string]any{"linkByVerifiedEmail": true})
	require.Equal(t, "EMAIL_NOT_VERIFIED", ssoError(t, e.signIn(browser(t), link, "dave", "/")))
	b = browser(t)
	require.Equal(t, "/", e.signIn(b, link, "carol", "/").Path)
	require.Equal(t, "carol-local", e.viewer(b)["username"])

	// State: none, forged, and a replayed code with its state cookie put back.
	status, loc := hop(t, browser(t), e.url+"/auth/oidc/"+closed+"/callback?code=x&state=y")
	require.Equal(t, http.StatusSeeOther, status)
	require.Equal(t, "STATE_INVALID", ssoError(t, parseURL(t, loc)))
	b = browser(t)
	_, auth := hop(t, b, e.url+"/auth/oidc/"+domains+"/login")
	cb := e.op.Login(t, b, auth, "erin", ssoUserPW)
	state := b.Jar.Cookies(parseURL(t, e.url+"/auth/oidc/"))
	forged := *cb
	q := forged.Query()
	q.Set("state", "forged")
	forged.RawQuery = q.Encode()
	_, loc = hop(t, b, forged.String())
	require.Equal(t, "STATE_INVALID", ssoError(t, parseURL(t, loc)))
	b.Jar.SetCookies(parseURL(t, e.url+"/auth/oidc/"), state)
	_, loc = hop(t, b, cb.String())
	require.Equal(t, "/", loc, "the first use of the code signs in")
	b.Jar.SetCookies(parseURL(t, e.url+"/auth/oidc/"), state)
	_, loc = hop(t, b, cb.String())
	require.Equal(t, "TOKEN_REJECTED", ssoError(t, parseURL(t, loc)), "a replayed code is refused by the provider")

	// A disabled provider is gone from the sign-in page and its routes.
	data(t, e.do(updateSSO, map[string]any{"id": closed, "in": map[string]any{"enabled": false}}), "updateSSOProvider")
	_, loc = hop(t, browser(t), e.url+"/auth/oidc/"+closed+"/login")
	require.Equal(t, "PROVIDER_NOT_FOUND", ssoError(t, parseURL(t, loc)))
	require.NotContains(t, query(t, e.url, loginOpts, nil).body, closed)
}

func TestSSOProviderValidation(t *testing.T) {
	e := newSSOEnv(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closedURL := "http://" + l.Addr().String()
	require.NoError(t, l.Close())
	notOIDC := httptest.NewServer(http.NotFoundHandler())
	defer notOIDC.Close()

	in := func(issuer string) map[string]any {
		return map[string]any{"in": map[string]any{"name": "X", "issuerURL": issuer, "clientID": "dbackup"}}
	}
	for _, tt := range []struct{ issuer, code string }{
		{closedURL, "PROVIDER_UNREACHABLE"},
		{notOIDC.URL, "DISCOVERY_INVALID"},
		{"ftp://id.example.com", "INVALID_INPUT"},
		{e.op.Issuer + "?x=1", "INVALID_INPUT"},
	} {
		r := e.do(createSSO, in(tt.issuer))
		require.Equal(t, tt.code, gqlCode(r), tt.issuer)
		require.Equal(t, "issuerURL", errorField(r), tt.issuer)
	}
	r := e.do(`mutation($u: String!) { testSSODiscovery(issuerURL: $u) { ok code message } }`, map[string]any{"u": closedURL})
	require.Equal(t, "PROVIDER_UNREACHABLE", data(t, r, "testSSODiscovery").(map[string]any)["code"])
	r = e.do(createSSO, map[string]any{"in": map[string]any{"name": "X", "issuerURL": e.op.Issuer, "clientID": "dbackup",
		"groupMapping": []any{map[string]any{"claimValue": "ops", "group": "Nope"}}}})
	require.Equal(t, "groupMapping", errorField(r), r.body)
	r = e.do(createSSO, map[string]any{"in": map[string]any{"name": "X", "issuerURL": e.op.Issuer, "clientID": "dbackup", "defaultGroup": "Nope"}})
	require.Equal(t, "defaultGroup", errorField(r), r.body)
	e.provider("X", "dbackup", nil)
	r = e.do(createSSO, in(e.op.Issuer))
	require.Equal(t, "CONFLICT", gqlCode(r))
	require.NotContains(t, e.do(`{ ssoProviders { edges { node { name issuerURL clientID } } } }`, nil).body, ssoSecret)
	presets := data(t, e.do(`{ ssoPresets { id issuerTemplate } }`, nil), "ssoPresets").([]any)
	require.Len(t, presets, 6)
}

func TestSSOWithAnotherEncryptionKeySaysSoAndPasswordsStillWork(t *testing.T) {
	e := newSSOEnv(t)
	id := e.provider("Company ID", "dbackup", map[string]any{"autoProvision": true})
	data(t, e.do(createUserOp, map[string]any{"in": map[string]any{"username": "bob", "password": aliceSecret, "groupIds": []any{e.group("Viewers")}}}), "createUser")
	data(t, e.do(localLogin, map[string]any{"on": false}), "setLocalLoginForEveryone")
	r := login(t, e.url, "bob", aliceSecret)
	require.Equal(t, http.StatusForbidden, r.status)
	require.Equal(t, "LOCAL_LOGIN_DISABLED", authError(r))
	require.Equal(t, http.StatusOK, login(t, e.url, adminName, adminPassword).status, "administrators keep password sign-in")
	data(t, e.do(localLogin, map[string]any{"on": true}), "setLocalLoginForEveryone")
	require.Equal(t, http.StatusOK, login(t, e.url, "bob", aliceSecret).status)

	require.NoError(t, e.stop())
	other, _ := hexKey(t)
	s := start(t, Config{DataDir: e.dir, Getenv: envMap(map[string]string{"ENCRYPTION_KEY": other})}, testDist)
	_, loc := hop(t, browser(t), s.url+"/auth/oidc/"+id+"/login")
	require.Equal(t, "ENCRYPTION_KEY_MISMATCH", ssoError(t, parseURL(t, loc)))
	require.Equal(t, http.StatusOK, login(t, s.url, adminName, adminPassword).status)
	r = gqlVars(t, s.url, `{ ssoProviders { edges { node { name secrets { field state } } } } }`, nil,
		withCookie(sessionCookieOf(t, login(t, s.url, adminName, adminPassword)), true))
	require.Contains(t, r.body, `"state":"UNDECRYPTABLE"`, r.body)
}

func TestSSOAutoRedirect(t *testing.T) {
	e := newSSOEnv(t)
	id := e.provider("Company ID", "dbackup", nil)
	require.NoError(t, e.stop())
	s := start(t, Config{DataDir: e.dir, SSOAutoRedirect: "company id"}, testDist)
	opts := data(t, query(t, s.url, loginOpts, nil), "loginOptions").(map[string]any)
	require.Equal(t, "/auth/oidc/"+id+"/login", opts["autoRedirectURL"])
}
