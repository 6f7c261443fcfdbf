package oidctest_test

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/testutil/oidctest"
)

// discovery is the part of the discovery document the tests read.
type discovery struct {
	Issuer                string   `json:"issuer"`
	AuthorizationEndpoint string   `json:"authorization_endpoint"`
	TokenEndpoint         string   `json:"token_endpoint"`
	UserinfoEndpoint      string   `json:"userinfo_endpoint"`
	JWKSURI               string   `json:"jwks_uri"`
	CodeChallengeMethods  []string `json:"code_challenge_methods_supported"`
	TokenAuthMethods      []string `json:"token_endpoint_auth_methods_supported"`
	ScopesSupported       []string `json:"scopes_supported"`
}

func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	resp, err := http.Get(u)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, u)
	require.NoError(t, json.NewDecoder(resp.Body).Decode(v))
}

func discover(t *testing.T, op *oidctest.OP) discovery {
	t.Helper()
	var d discovery
	getJSON(t, op.Issuer+"/.well-known/openid-configuration", &d)
	return d
}

// verifyIDToken checks the RS256 signature of token against the provider's JWKS, parsing the
// key by hand, and returns its claims.
func verifyIDToken(t *testing.T, d discovery, token string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	require.Len(t, parts, 3)
	var header struct{ Alg, Kid string }
	decodeSegment(t, parts[0], &header)
	require.Equal(t, "RS256", header.Alg)

	var jwks struct {
		Keys []struct{ Kty, Kid, Alg, Use, N, E string }
	}
	getJSON(t, d.JWKSURI, &jwks)
	var key *rsa.PublicKey
	for _, k := range jwks.Keys {
		if k.Kid == header.Kid && k.Kty == "RSA" {
			n, err := base64.RawURLEncoding.DecodeString(k.N)
			require.NoError(t, err)
			e, err := base64.RawURLEncoding.DecodeString(k.E)
			require.NoError(t, err)
			key = &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
		}
	}
	require.NotNil(t, key, "no JWK with kid %q", header.Kid)
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	require.NoError(t, err)
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	require.NoError(t, rsa.VerifyPKCS1v15(key, crypto.SHA256, digest[:], sig), "ID token signature")

	var claims map[string]any
	decodeSegment(t, parts[1], &claims)
	return claims
}

func decodeSegment(t *testing.T, seg string, v any) {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(seg)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, v))
}

// flow is one authorization request of a relying party: its PKCE verifier, state and nonce.
type flow struct {
	clientID, secret, redirectURI string
	verifier, state, nonce        string
	authURL                       string
}

func newFlow(d discovery, clientID, secret, redirectURI, scope string) *flow {
	f := &flow{
		clientID: clientID, secret: secret, redirectURI: redirectURI,
		verifier: rand.Text() + rand.Text(), state: rand.Text(), nonce: rand.Text(),
	}
	challenge := sha256.Sum256([]byte(f.verifier))
	q := url.Values{
		"client_id":             {clientID},
		"response_type":         {"code"},
		"scope":                 {scope},
		"redirect_uri":          {redirectURI},
		"state":                 {f.state},
		"nonce":                 {f.nonce},
		"code_challenge":        {base64.RawURLEncoding.EncodeToString(challenge[:])},
		"code_challenge_method": {"S256"},
	}
	f.authURL = d.AuthorizationEndpoint + "?" + q.Encode()
	return f
}

// code checks the callback URL of a login and returns its code.
func (f *flow) code(t *testing.T, callback *url.URL) string {
	t.Helper()
	require.Equal(t, f.redirectURI, (&url.URL{Scheme: callback.Scheme, Host: callback.Host, Path: callback.Path}).String())
	q := callback.Query()
	require.Empty(t, q.Get("error"), q.Get("error_description"))
	require.Equal(t, f.state, q.Get("state"))
	require.NotEmpty(t, q.Get("code"))
	return q.Get("code")
}

// tokenResponse is the token endpoint's answer, success or error.
type tokenResponse struct {
	status      int
	IDToken     string `json:"id_token"`
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	Error       string `json:"error"`
}

// exchange posts code to the token endpoint, authenticating with client_secret_basic, or with
// client_secret_post when post is set.
func (f *flow) exchange(t *testing.T, d discovery, code, verifier string, post bool) tokenResponse {
	t.Helper()
	form := url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {code},
		"redirect_uri":  {f.redirectURI},
		"code_verifier": {verifier},
	}
	if post {
		form.Set("client_id", f.clientID)
		form.Set("client_secret", f.secret)
	}
	req, err := http.NewRequest(http.MethodPost, d.TokenEndpoint, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if !post {
		req.SetBasicAuth(url.QueryEscape(f.clientID), url.QueryEscape(f.secret))
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var tr tokenResponse
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tr))
	tr.status = resp.StatusCode
	return tr
}
