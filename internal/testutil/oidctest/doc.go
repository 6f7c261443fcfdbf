// Package oidctest starts a real OpenID Provider for tests: scripts/oidcop, built from the op
// package of github.com/zitadel/oidc/v3 (its own Go module, so that zitadel/oidc stays out of
// DBackup's go.mod) by scripts/test.sh into .cache/bin. A missing binary fails the test with
// instructions to build it; nothing skips.
//
// The provider offers the authorization code flow with PKCE (S256), client_secret_basic and
// client_secret_post, the scopes openid, email, profile and groups, and signs ID tokens with an
// RSA key generated at start (RS256). Its configuration (Config: clients, users and knobs that
// make it issue deliberately bad ID tokens) can be replaced while it runs, so one provider can
// serve many tests. OP.Login signs in through its login form the way a browser would and
// returns the redirect to the relying party's callback without following it.
//
// The package uses the standard library only.
package oidctest
