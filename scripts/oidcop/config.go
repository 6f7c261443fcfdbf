package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// defaultIDTokenLifetime is how long an ID token lives when the configuration does not say:
// long enough for any test, short enough to look like a real provider's.
const defaultIDTokenLifetime = time.Hour

// accessTokenLifetime is how long an access token (and so the userinfo endpoint) is accepted.
const accessTokenLifetime = time.Hour

// Config is what -config and POST /test/config carry: the clients and users the provider knows,
// and the knobs that make it issue deliberately bad ID tokens. Knobs set at the top level apply
// to every client that does not set its own.
type Config struct {
	Clients []Client `json:"clients"`
	Users   []User   `json:"users"`
	Knobs
}

// Knobs alter the ID tokens issued, so that relying-party tests can check that each bad token
// is refused. The zero value issues correct tokens.
type Knobs struct {
	// IDTokenLifetimeSeconds is the ID token lifetime; zero or negative issues a token that has
	// already expired. Unset means one hour.
	IDTokenLifetimeSeconds *int64 `json:"idTokenLifetimeSeconds,omitempty"`
	// ClockOffsetSeconds shifts iat, exp and auth_time as if the provider's clock were this far
	// ahead (positive) or behind (negative).
	ClockOffsetSeconds *int64 `json:"clockOffsetSeconds,omitempty"`
	// OverrideAudience replaces the aud claim (and drops azp) with these values.
	OverrideAudience []string `json:"overrideAudience,omitempty"`
	// OverrideIssuer replaces the iss claim.
	OverrideIssuer *string `json:"overrideIssuer,omitempty"`
	// OverrideNonce replaces the nonce claim (the empty string removes it).
	OverrideNonce *string `json:"overrideNonce,omitempty"`
}

// Client is a confidential web client using the authorization code flow. It may authenticate
// with client_secret_basic or client_secret_post.
type Client struct {
	ID     string `json:"id"`
	Secret string `json:"secret"`
	// RedirectURIs are matched exactly.
	RedirectURIs []string `json:"redirectURIs,omitempty"`
	// RedirectURIPrefixes accept any redirect URI starting with one of them, such as
	// "http://127.0.0.1:" for a relying party on a random loopback port.
	RedirectURIPrefixes []string `json:"redirectURIPrefixes,omitempty"`
	// RedirectURIGlobs are doublestar patterns, matched by the library itself.
	RedirectURIGlobs []string `json:"redirectURIGlobs,omitempty"`
	// PostLogoutRedirectURIs are where end_session may send the browser afterwards.
	PostLogoutRedirectURIs []string `json:"postLogoutRedirectURIs,omitempty"`
	Knobs
}

// User is someone who can sign in on the login page.
type User struct {
	Username      string   `json:"username"`
	Password      string   `json:"password"`
	Subject       string   `json:"subject"`
	Email         string   `json:"email,omitempty"`
	EmailVerified bool     `json:"emailVerified,omitempty"`
	Name          string   `json:"name,omitempty"`
	Groups        []string `json:"groups,omitempty"`
}

// parseConfig reads a Config, refusing unknown fields so that a misspelt knob fails loudly.
func parseConfig(r io.Reader) (*Config, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var cfg Config
	if err := dec.Decode(&cfg); err != nil {
		return nil, fmt.Errorf("decode config: %w", err)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

// Validate reports missing or duplicate identifiers.
func (c *Config) Validate() error {
	var errs []error
	clients := map[string]bool{}
	for i, cl := range c.Clients {
		if cl.ID == "" {
			errs = append(errs, fmt.Errorf("clients[%d]: id is empty", i))
		}
		if clients[cl.ID] {
			errs = append(errs, fmt.Errorf("clients[%d]: duplicate id %q", i, cl.ID))
		}
		clients[cl.ID] = true
		for _, p := range cl.RedirectURIPrefixes {
			if !strings.HasPrefix(p, "http://") && !strings.HasPrefix(p, "https://") {
				errs = append(errs, fmt.Errorf("clients[%d]: redirect URI prefix %q is not http(s)", i, p))
			}
		}
	}
	users := map[string]bool{}
	subjects := map[string]bool{}
	for i, u := range c.Users {
		if u.Username == "" || u.Subject == "" {
			errs = append(errs, fmt.Errorf("users[%d]: username and subject are required", i))
		}
		if users[u.Username] || subjects[u.Subject] {
			errs = append(errs, fmt.Errorf("users[%d]: duplicate username %q or subject %q", i, u.Username, u.Subject))
		}
		users[u.Username], subjects[u.Subject] = true, true
	}
	return errors.Join(errs...)
}

// knobs are the client's own knobs, each falling back to the global one.
func (c *Config) knobs(clientID string) Knobs {
	k := c.Knobs
	for _, cl := range c.Clients {
		if cl.ID != clientID {
			continue
		}
		if cl.IDTokenLifetimeSeconds != nil {
			k.IDTokenLifetimeSeconds = cl.IDTokenLifetimeSeconds
		}
		if cl.ClockOffsetSeconds != nil {
			k.ClockOffsetSeconds = cl.ClockOffsetSeconds
		}
		if cl.OverrideAudience != nil {
			k.OverrideAudience = cl.OverrideAudience
		}
		if cl.OverrideIssuer != nil {
			k.OverrideIssuer = cl.OverrideIssuer
		}
		if cl.OverrideNonce != nil {
			k.OverrideNonce = cl.OverrideNonce
		}
	}
	return k
}

// idTokenLifetime is the lifetime IDTokenLifetimeSeconds asks for.
func (k Knobs) idTokenLifetime() time.Duration {
	if k.IDTokenLifetimeSeconds == nil {
		return defaultIDTokenLifetime
	}
	return time.Duration(*k.IDTokenLifetimeSeconds) * time.Second
}

// resigns tells whether the token endpoint must rewrite and re-sign the ID token: the library
// always sets iss, aud and the times itself.
func (k Knobs) resigns() bool {
	return k.ClockOffsetSeconds != nil || k.OverrideAudience != nil || k.OverrideIssuer != nil
}
