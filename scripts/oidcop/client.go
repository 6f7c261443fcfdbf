package main

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// scopeGroups may be requested; the groups claim comes with every ID token anyway.
const scopeGroups = "groups"

// client is the op.Client of one configured Client for one request.
type client struct {
	cfg      Client
	lifetime time.Duration
	// requested are the redirect URIs of the request (redirect_uri, post_logout_redirect_uri)
	// that match one of cfg.RedirectURIPrefixes: the library only knows exact URIs and globs,
	// and a prefix cannot be written as a glob that also matches any path.
	requested []string
}

var _ op.HasRedirectGlobs = (*client)(nil)

func newClient(ctx context.Context, cfg Client, k Knobs) *client {
	c := &client{cfg: cfg, lifetime: k.idTokenLifetime()}
	for _, uri := range requestedRedirects(ctx) {
		if slices.ContainsFunc(cfg.RedirectURIPrefixes, func(p string) bool { return strings.HasPrefix(uri, p) }) {
			c.requested = append(c.requested, uri)
		}
	}
	return c
}

func (c *client) GetID() string { return c.cfg.ID }
func (c *client) RedirectURIs() []string {
	return append(slices.Clone(c.cfg.RedirectURIs), c.requested...)
}
func (c *client) PostLogoutRedirectURIs() []string {
	return append(slices.Clone(c.cfg.PostLogoutRedirectURIs), c.requested...)
}
func (c *client) RedirectURIGlobs() []string           { return c.cfg.RedirectURIGlobs }
func (c *client) PostLogoutRedirectURIGlobs() []string { return c.cfg.RedirectURIGlobs }
func (c *client) ApplicationType() op.ApplicationType  { return op.ApplicationTypeWeb }
func (c *client) AuthMethod() oidc.AuthMethod          { return oidc.AuthMethodBasic }
func (c *client) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c *client) GrantTypes() []oidc.GrantType         { return []oidc.GrantType{oidc.GrantTypeCode} }
func (c *client) LoginURL(id string) string            { return loginPath + "?" + queryAuthRequestID + "=" + id }
func (c *client) AccessTokenType() op.AccessTokenType  { return op.AccessTokenTypeBearer }
func (c *client) IDTokenLifetime() time.Duration       { return c.lifetime }
func (c *client) DevMode() bool                        { return false }
func (c *client) IsScopeAllowed(scope string) bool     { return scope == scopeGroups }
func (c *client) ClockSkew() time.Duration             { return 0 }
func (c *client) IDTokenUserinfoClaimsAssertion() bool { return true }
func (c *client) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *client) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}

type redirectsKey struct{}

// requestedRedirects are the redirect URIs rememberRedirects found in the request.
func requestedRedirects(ctx context.Context) []string {
	uris, _ := ctx.Value(redirectsKey{}).([]string)
	return uris
}

// rememberRedirects puts the redirect URIs a request asks for into its context, where
// GetClientByClientID finds them to match them against the client's prefixes.
func rememberRedirects(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var uris []string
		for _, name := range []string{"redirect_uri", "post_logout_redirect_uri"} {
			if v := r.URL.Query().Get(name); v != "" {
				uris = append(uris, v)
			}
		}
		if r.Method == http.MethodPost && r.Header.Get("Content-Type") == "application/x-www-form-urlencoded" {
			if err := r.ParseForm(); err == nil {
				for _, name := range []string{"redirect_uri", "post_logout_redirect_uri"} {
					if v := r.PostForm.Get(name); v != "" {
						uris = append(uris, v)
					}
				}
			}
		}
		if uris != nil {
			r = r.WithContext(context.WithValue(r.Context(), redirectsKey{}, uris))
		}
		next.ServeHTTP(w, r)
	})
}
