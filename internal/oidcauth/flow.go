package oidcauth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// discoveryCacheTTL is how long a discovered provider (and with it the JWKS that go-oidc caches
// and refreshes on an unknown key id) is reused before discovery runs again, so that a changed
// provider configuration is picked up without a restart.
const discoveryCacheTTL = 15 * time.Minute

// exchangeTimeout bounds the token request and key fetch of one callback.
const exchangeTimeout = 15 * time.Second

// Flow runs the authorization code flow with PKCE (S256) for one DBackup base URL. It is safe
// for concurrent use; one Flow serves every provider.
type Flow struct {
	baseURL string
	secure  bool
	sealer  sealer
	client  *http.Client
	// now is the clock for the state's expiry and the ID token's; tests pin it.
	now func() time.Time

	mu        sync.Mutex
	providers map[string]cachedProvider
}

type cachedProvider struct {
	op      *oidc.Provider
	fetched time.Time
}

// NewFlow returns a Flow for DBackup at baseURL (BASE_URL, such as https://backup.example.com;
// empty takes each request's own scheme and host),
// sealing state cookies under sealKey, which must be SealKeySize random bytes that stay the same
// across restarts and replicas (derive it from the system key). client makes every request to
// providers; nil means one with a 30-second timeout. A sealKey of the wrong size is a
// programming error and panics.
func NewFlow(baseURL string, sealKey []byte, client *http.Client) *Flow {
	s, err := newSealer(sealKey)
	if err != nil {
		panic(err)
	}
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	base := strings.TrimSuffix(baseURL, "/")
	return &Flow{
		baseURL: base, secure: strings.HasPrefix(base, "https://"), sealer: s, client: client,
		now: time.Now, providers: map[string]cachedProvider{},
	}
}

// CallbackPath is the path of p's callback, relative to the base URL; the server routes it to
// Finish, and the provider must have baseURL+CallbackPath registered as a redirect URI.
func CallbackPath(providerID string) string {
	return stateCookiePath + url.PathEscape(providerID) + "/callback"
}

// LoginPath is the path that starts a sign-in with the provider; the sign-in page's button
// goes there (with ?returnTo=).
func LoginPath(providerID string) string {
	return stateCookiePath + url.PathEscape(providerID) + "/login"
}

// base is the base URL of r: the configured one, or, when none is, the scheme and Host of the
// request itself. A forged Host only misleads the browser that sent it, and the provider
// refuses a redirect URI that was not registered.
func (f *Flow) base(r *http.Request) (string, bool) {
	if f.baseURL != "" {
		return f.baseURL, f.secure
	}
	if r.TLS != nil {
		return "https://" + r.Host, true
	}
	return "http://" + r.Host, false
}

// provider returns p's discovered provider, from the cache when fresh.
func (f *Flow) provider(ctx context.Context, p Provider) (*oidc.Provider, error) {
	f.mu.Lock()
	c, ok := f.providers[p.IssuerURL]
	f.mu.Unlock()
	if ok && f.now().Sub(c.fetched) < discoveryCacheTTL {
		return c.op, nil
	}
	op, err := discover(ctx, p.IssuerURL, f.client)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.providers[p.IssuerURL] = cachedProvider{op: op, fetched: f.now()}
	f.mu.Unlock()
	return op, nil
}

func (f *Flow) oauth2Config(r *http.Request, op *oidc.Provider, p Provider) *oauth2.Config {
	base, _ := f.base(r)
	return &oauth2.Config{
		ClientID: p.ClientID, ClientSecret: p.ClientSecret.Reveal(),
		Endpoint: op.Endpoint(), RedirectURL: base + CallbackPath(p.ID), Scopes: p.scopes(),
	}
}

// Start begins a sign-in with p: it returns the provider's authorization URL, where the caller
// redirects the browser, and sets the state cookie (HttpOnly, SameSite=Lax, Secure when the
// base URL is https, 10 minutes) holding the state, nonce, PKCE verifier, p.ID and returnTo,
// sealed. returnTo is kept only when it is a same-origin path (SanitizeReturnTo), else "/".
func (f *Flow) Start(w http.ResponseWriter, r *http.Request, p Provider, returnTo string) (string, error) {
	op, err := f.provider(r.Context(), p)
	if err != nil {
		return "", err
	}
	st := state{
		State: rand.Text(), Nonce: rand.Text(), Verifier: oauth2.GenerateVerifier(),
		ProviderID: p.ID, ReturnTo: SanitizeReturnTo(returnTo),
		Expires: f.now().Add(stateLifetime).Unix(),
	}
	value, err := f.sealer.seal(st)
	if err != nil {
		return "", fmt.Errorf("oidcauth: seal state: %w", err)
	}
	http.SetCookie(w, f.cookie(r, value, int(stateLifetime/time.Second)))
	return f.oauth2Config(r, op, p).AuthCodeURL(st.State,
		oidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier)), nil
}

// Finish completes a sign-in with p at its callback. In order, it: opens the state cookie
// (ErrStateMissing when absent, unreadable or expired) and clears it, so that each cookie
// serves one callback; checks the query's state and p.ID against it (ErrStateMismatch); returns
// the provider's error parameter (*ProviderError); exchanges the code with the PKCE verifier
// (ErrCodeExchange, or ErrUnreachable); verifies the ID token's signature, issuer, audience and
// expiry (ErrTokenInvalid) and nonce (ErrNonceMismatch); and returns the Identity.
func (f *Flow) Finish(w http.ResponseWriter, r *http.Request, p Provider) (Identity, error) {
	c, err := r.Cookie(StateCookie)
	if err != nil || c.Value == "" {
		return Identity{}, ErrStateMissing
	}
	http.SetCookie(w, f.cookie(r, "", -1))
	st, err := f.sealer.open(c.Value)
	if err != nil {
		return Identity{}, fmt.Errorf("%w: %w", ErrStateMissing, err)
	}
	if f.now().Unix() >= st.Expires {
		return Identity{}, fmt.Errorf("%w: state expired", ErrStateMissing)
	}
	q := r.URL.Query()
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(st.State)) != 1 {
		return Identity{}, fmt.Errorf("%w: state parameter", ErrStateMismatch)
	}
	if st.ProviderID != p.ID {
		return Identity{}, fmt.Errorf("%w: started with another provider", ErrStateMismatch)
	}
	if code := q.Get("error"); code != "" {
		return Identity{}, &ProviderError{Code: code, Description: q.Get("error_description")}
	}
	code := q.Get("code")
	if code == "" {
		return Identity{}, fmt.Errorf("%w: callback has no code", ErrCodeExchange)
	}

	ctx, cancel := context.WithTimeout(r.Context(), exchangeTimeout)
	defer cancel()
	op, err := f.provider(ctx, p)
	if err != nil {
		return Identity{}, err
	}
	tok, err := f.oauth2Config(r, op, p).Exchange(oidc.ClientContext(ctx, f.client), code,
		oauth2.VerifierOption(st.Verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if !errors.As(err, &re) {
			return Identity{}, fmt.Errorf("%w: token endpoint: %w", ErrUnreachable, err)
		}
		return Identity{}, fmt.Errorf("%w: %w", ErrCodeExchange, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return Identity{}, fmt.Errorf("%w: token response has no id_token", ErrTokenInvalid)
	}
	idTok, err := op.Verifier(&oidc.Config{ClientID: p.ClientID, Now: f.now}).Verify(oidc.ClientContext(ctx, f.client), raw)
	if err != nil {
		return Identity{}, fmt.Errorf("%w: %w", ErrTokenInvalid, err)
	}
	if err := checkAuthorizedParty(idTok, p.ClientID); err != nil {
		return Identity{}, err
	}
	if subtle.ConstantTimeCompare([]byte(idTok.Nonce), []byte(st.Nonce)) != 1 {
		return Identity{}, ErrNonceMismatch
	}
	if idTok.AccessTokenHash != "" {
		if err := idTok.VerifyAccessToken(tok.AccessToken); err != nil {
			return Identity{}, fmt.Errorf("%w: %w", ErrTokenInvalid, err)
		}
	}
	id, err := identityFrom(idTok, p.GroupsClaim)
	if err != nil {
		return Identity{}, err
	}
	id.ReturnTo = st.ReturnTo
	return id, nil
}

// cookie is the state cookie with value; maxAge −1 deletes it.
func (f *Flow) cookie(r *http.Request, value string, maxAge int) *http.Cookie {
	_, secure := f.base(r)
	return &http.Cookie{
		Name: StateCookie, Value: value, Path: stateCookiePath, MaxAge: maxAge,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode,
	}
}

// checkAuthorizedParty applies OpenID Connect Core §3.1.3.7 items 4 and 5, which go-oidc
// leaves to the caller: a token for several audiences must name this client as its authorized
// party (azp), so that a token issued to another client that merely lists us is refused.
func checkAuthorizedParty(tok *oidc.IDToken, clientID string) error {
	var c struct {
		AZP string `json:"azp"`
	}
	if err := tok.Claims(&c); err != nil {
		return fmt.Errorf("%w: claims: %w", ErrTokenInvalid, err)
	}
	if (len(tok.Audience) > 1 || c.AZP != "") && c.AZP != clientID {
		return fmt.Errorf("%w: authorized party %q is not the client", ErrTokenInvalid, c.AZP)
	}
	return nil
}
