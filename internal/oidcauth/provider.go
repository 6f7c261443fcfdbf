package oidcauth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/dbackup/dbackup/internal/vault"
)

// discoveryTimeout bounds fetching a discovery document, so that a hung provider cannot hold a
// settings page or a sign-in request for long.
const discoveryTimeout = 10 * time.Second

// DefaultScopes are requested besides openid when a Provider lists no scopes: the e-mail and
// profile claims that the domain check, e-mail linking and display names need.
var DefaultScopes = []string{"email", "profile"}

// Provider is one configured provider as the caller loads it, client secret already opened.
type Provider struct {
	// ID identifies the provider in DBackup (the ent id); it is part of the callback URL and
	// of the state cookie.
	ID string
	// Name is shown on the sign-in button.
	Name string
	// IssuerURL is the OpenID issuer; it must equal the discovery document's issuer exactly.
	IssuerURL string
	// ClientID and ClientSecret are the OAuth client registered at the provider.
	ClientID     string
	ClientSecret vault.Secret
	// Scopes are requested besides openid; empty means DefaultScopes.
	Scopes []string
	// AllowedEmailDomains, when set, restrict sign-in to verified e-mails of these domains.
	AllowedEmailDomains []string
	// AutoProvision creates unknown users at their first sign-in.
	AutoProvision bool
	// LinkByVerifiedEmail links a first sign-in to an existing user with the same verified
	// e-mail.
	LinkByVerifiedEmail bool
	// GroupsClaim names the ID token claim listing the user's groups; empty reads none.
	GroupsClaim string
	// GroupMapping maps a claim value to a DBackup group name.
	GroupMapping map[string]string
	// DefaultGroup is the group of a user none of whose claim values is mapped.
	DefaultGroup string
}

// scopes is openid followed by p's scopes (or DefaultScopes), without repeats.
func (p Provider) scopes() []string {
	extra := p.Scopes
	if len(extra) == 0 {
		extra = DefaultScopes
	}
	out := []string{oidc.ScopeOpenID}
	for _, s := range extra {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Discover fetches issuer's discovery document and checks it: the issuer it names must equal
// issuer exactly, and it must name the authorization, token and JWKS endpoints and, when it
// lists PKCE methods, S256. It returns ErrUnreachable or ErrDiscoveryInvalid, wrapped with the
// detail. client nil means http.DefaultClient.
func Discover(ctx context.Context, issuer string, client *http.Client) error {
	_, err := discover(ctx, issuer, client)
	return err
}

// discovery is the part of the discovery document go-oidc does not check.
type discovery struct {
	AuthorizationEndpoint string   `json:"authorization_endpoint"`
	TokenEndpoint         string   `json:"token_endpoint"`
	JWKSURI               string   `json:"jwks_uri"`
	CodeChallengeMethods  []string `json:"code_challenge_methods_supported"`
}

func discover(ctx context.Context, issuer string, client *http.Client) (*oidc.Provider, error) {
	u, err := url.Parse(issuer)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("%w: issuer %q is not an http(s) URL", ErrDiscoveryInvalid, issuer)
	}
	if client == nil {
		client = http.DefaultClient
	}
	ctx, cancel := context.WithTimeout(ctx, discoveryTimeout)
	defer cancel()
	op, err := oidc.NewProvider(oidc.ClientContext(ctx, client), issuer)
	if err != nil {
		var urlErr *url.Error
		var mismatch *oidc.IssuerMismatchError
		switch {
		case errors.As(err, &urlErr):
			return nil, fmt.Errorf("%w: %w", ErrUnreachable, err)
		case errors.As(err, &mismatch):
			return nil, fmt.Errorf("%w: issuer %q does not match the configured %q",
				ErrDiscoveryInvalid, mismatch.Discovered, mismatch.Provided)
		default:
			return nil, fmt.Errorf("%w: %w", ErrDiscoveryInvalid, err)
		}
	}
	var d discovery
	if err := op.Claims(&d); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDiscoveryInvalid, err)
	}
	switch {
	case d.AuthorizationEndpoint == "":
		return nil, fmt.Errorf("%w: no authorization_endpoint", ErrDiscoveryInvalid)
	case d.TokenEndpoint == "":
		return nil, fmt.Errorf("%w: no token_endpoint", ErrDiscoveryInvalid)
	case d.JWKSURI == "":
		return nil, fmt.Errorf("%w: no jwks_uri", ErrDiscoveryInvalid)
	case len(d.CodeChallengeMethods) > 0 && !slices.Contains(d.CodeChallengeMethods, "S256"):
		return nil, fmt.Errorf("%w: PKCE S256 not supported (only %v)", ErrDiscoveryInvalid, d.CodeChallengeMethods)
	}
	return op, nil
}
