// Package oidcauth is DBackup's OpenID Connect relying party: it discovers a provider, runs the
// authorization code flow with PKCE (S256) through the browser, verifies the ID token, and turns
// it into an Identity. It also holds the pure policy decisions the server makes on an Identity
// (allowed e-mail domains, group mapping, linking by verified e-mail).
//
// The package knows nothing of the database, GraphQL or routes: the caller loads a Provider
// (with its client secret already opened from the vault), mounts Flow.Start and Flow.Finish on
// its own handlers, and decides what to do with the Identity. docs/sso.md describes the flow,
// the state cookie and the checks.
package oidcauth
