package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/subtle"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// errNotFound is answered for unknown clients, auth requests, codes and tokens.
var errNotFound = errors.New("not found")

// errUnsupported is answered for the grants this provider does not offer (refresh tokens, JWT
// profile).
var errUnsupported = errors.New("not supported by the test provider")

// errInvalidCredentials is what a wrong username or password gets on the login page.
var errInvalidCredentials = errors.New("invalid credentials")

// store is an in-memory op.Storage over a Config that POST /test/config may replace at any time.
// Auth requests, codes and access tokens survive a replacement, so a test may change knobs
// between the login and the token exchange.
type store struct {
	key   *rsa.PrivateKey
	keyID string

	mu           sync.Mutex
	cfg          *Config
	authRequests map[string]*authRequest
	codes        map[string]string // code -> auth request ID
	tokens       map[string]*accessToken
}

var (
	_ op.Storage                   = (*store)(nil)
	_ op.CanSetUserinfoFromRequest = (*store)(nil)
)

type accessToken struct {
	clientID string
	subject  string
	scopes   []string
	expires  time.Time
}

func newStore(cfg *Config, key *rsa.PrivateKey, keyID string) *store {
	return &store{
		key: key, keyID: keyID, cfg: cfg,
		authRequests: map[string]*authRequest{},
		codes:        map[string]string{},
		tokens:       map[string]*accessToken{},
	}
}

func (s *store) setConfig(cfg *Config) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg = cfg
}

func (s *store) config() *Config {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg
}

func (s *store) user(match func(User) bool) (User, bool) {
	cfg := s.config()
	i := slices.IndexFunc(cfg.Users, match)
	if i < 0 {
		return User{}, false
	}
	return cfg.Users[i], true
}

// newID is a random identifier for auth requests and access tokens.
func newID() string {
	return rand.Text()
}

func (s *store) CreateAuthRequest(_ context.Context, req *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	a := &authRequest{
		id:          newID(),
		clientID:    req.ClientID,
		redirectURI: req.RedirectURI,
		state:       req.State,
		nonce:       req.Nonce,
		scopes:      req.Scopes,
		respType:    req.ResponseType,
		respMode:    req.ResponseMode,
	}
	if req.CodeChallenge != "" {
		a.challenge = &oidc.CodeChallenge{Challenge: req.CodeChallenge, Method: req.CodeChallengeMethod}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.authRequests[a.id] = a
	return a, nil
}

func (s *store) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.authRequests[id]
	if !ok {
		return nil, fmt.Errorf("auth request %q: %w", id, errNotFound)
	}
	// A copy: the login page may change the stored one while the library reads this one.
	c := *a
	return &c, nil
}

// AuthRequestByCode consumes the code: a second exchange of the same code fails even when the
// first one is still running, which the library's DeleteAuthRequest after a success would not
// guarantee on its own. The auth request returned carries the nonce knob of its client.
func (s *store) AuthRequestByCode(_ context.Context, code string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.codes[code]
	if !ok {
		return nil, fmt.Errorf("code: %w", errNotFound)
	}
	delete(s.codes, code)
	a, ok := s.authRequests[id]
	if !ok {
		return nil, fmt.Errorf("auth request of code: %w", errNotFound)
	}
	exchanged := *a
	if n := s.cfg.knobs(a.clientID).OverrideNonce; n != nil {
		exchanged.nonce = *n
	}
	return &exchanged, nil
}

func (s *store) SaveAuthCode(_ context.Context, id, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.authRequests[id]; !ok {
		return fmt.Errorf("auth request %q: %w", id, errNotFound)
	}
	s.codes[code] = id
	return nil
}

func (s *store) DeleteAuthRequest(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.authRequests, id)
	for code, reqID := range s.codes {
		if reqID == id {
			delete(s.codes, code)
		}
	}
	return nil
}

// login marks the auth request as authenticated by the user with these credentials.
func (s *store) login(id, username, password string) error {
	u, ok := s.user(func(u User) bool { return u.Username == username })
	if !ok || subtle.ConstantTimeCompare([]byte(u.Password), []byte(password)) != 1 {
		return errInvalidCredentials
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.authRequests[id]
	if !ok {
		return fmt.Errorf("auth request %q: %w", id, errNotFound)
	}
	a.subject, a.authTime, a.done = u.Subject, time.Now().UTC(), true
	return nil
}

func (s *store) CreateAccessToken(_ context.Context, req op.TokenRequest) (string, time.Time, error) {
	t := &accessToken{subject: req.GetSubject(), scopes: req.GetScopes(), expires: time.Now().Add(accessTokenLifetime)}
	if a, ok := req.(*authRequest); ok {
		t.clientID = a.clientID
	}
	id := newID()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[id] = t
	return id, t.expires, nil
}

func (s *store) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, fmt.Errorf("refresh tokens: %w", errUnsupported)
}

func (s *store) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, fmt.Errorf("refresh tokens: %w", errUnsupported)
}

func (s *store) TerminateSession(context.Context, string, string) error { return nil }

func (s *store) RevokeToken(_ context.Context, tokenOrID, _, _ string) *oidc.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.tokens, tokenOrID)
	return nil
}

func (s *store) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

func (s *store) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	cfg := s.config()
	i := slices.IndexFunc(cfg.Clients, func(c Client) bool { return c.ID == id })
	if i < 0 {
		return nil, fmt.Errorf("client %q: %w", id, errNotFound)
	}
	return newClient(ctx, cfg.Clients[i], cfg.knobs(id)), nil
}

func (s *store) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	cfg := s.config()
	i := slices.IndexFunc(cfg.Clients, func(c Client) bool { return c.ID == id })
	if i < 0 || subtle.ConstantTimeCompare([]byte(cfg.Clients[i].Secret), []byte(secret)) != 1 {
		return fmt.Errorf("client %q: wrong id or secret", id)
	}
	return nil
}

// SetUserinfoFromScopes is deprecated by the library in favour of SetUserinfoFromRequest.
func (s *store) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

func (s *store) SetUserinfoFromRequest(_ context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	return s.setUserinfo(info, req.GetSubject(), scopes)
}

func (s *store) SetUserinfoFromToken(_ context.Context, info *oidc.UserInfo, tokenID, _, _ string) error {
	s.mu.Lock()
	t, ok := s.tokens[tokenID]
	s.mu.Unlock()
	if !ok || time.Now().After(t.expires) {
		return fmt.Errorf("access token: %w", errNotFound)
	}
	return s.setUserinfo(info, t.subject, t.scopes)
}

// setUserinfo fills the claims of the user with subject that scopes ask for. The groups claim
// comes with every token, whatever the scopes, as many providers configure it.
func (s *store) setUserinfo(info *oidc.UserInfo, subject string, scopes []string) error {
	u, ok := s.user(func(u User) bool { return u.Subject == subject })
	if !ok {
		return fmt.Errorf("user %q: %w", subject, errNotFound)
	}
	info.Subject = u.Subject
	if slices.Contains(scopes, oidc.ScopeEmail) {
		info.Email = u.Email
		info.EmailVerified = oidc.Bool(u.EmailVerified)
		// The library omits a false email_verified; say it explicitly, as real providers do.
		info.AppendClaims("email_verified", u.EmailVerified)
	}
	if slices.Contains(scopes, oidc.ScopeProfile) {
		info.Name = u.Name
		info.PreferredUsername = u.Username
	}
	if u.Groups != nil {
		info.AppendClaims("groups", u.Groups)
	}
	return nil
}

func (s *store) SetIntrospectionFromToken(_ context.Context, resp *oidc.IntrospectionResponse, tokenID, _, clientID string) error {
	s.mu.Lock()
	t, ok := s.tokens[tokenID]
	s.mu.Unlock()
	if !ok || time.Now().After(t.expires) {
		return fmt.Errorf("access token: %w", errNotFound)
	}
	resp.Active = true
	resp.Subject = t.subject
	resp.ClientID = t.clientID
	resp.Scope = t.scopes
	resp.Audience = []string{clientID}
	return nil
}

func (s *store) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

func (s *store) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, fmt.Errorf("JWT profile: %w", errUnsupported)
}

func (s *store) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, fmt.Errorf("JWT profile: %w", errUnsupported)
}

func (s *store) SigningKey(context.Context) (op.SigningKey, error) {
	return signingKey{s.key, s.keyID}, nil
}

func (s *store) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

func (s *store) KeySet(context.Context) ([]op.Key, error) {
	return []op.Key{publicKey{signingKey{s.key, s.keyID}}}, nil
}

func (s *store) Health(context.Context) error { return nil }

// signingKey is the RSA key generated at start, signing with RS256.
type signingKey struct {
	key *rsa.PrivateKey
	id  string
}

func (k signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k signingKey) Key() any                                    { return k.key }
func (k signingKey) ID() string                                  { return k.id }

// publicKey is the public half of signingKey, published at the JWKS endpoint.
type publicKey struct{ signingKey }

func (k publicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k publicKey) Use() string                        { return "sig" }
func (k publicKey) Key() any                           { return &k.key.PublicKey }
