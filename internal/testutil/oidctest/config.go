package oidctest

// Config is the provider's configuration: the JSON of scripts/oidcop's -config and of
// POST /test/config. Knobs at the top level apply to every client that does not set its own.
type Config struct {
	Clients []Client `json:"clients"`
	Users   []User   `json:"users"`
	Knobs
}

// Knobs make the provider issue ID tokens with one bad claim, still correctly signed, so that
// a relying party's test can check that it refuses them. The zero value issues correct tokens.
type Knobs struct {
	// IDTokenLifetimeSeconds is the ID token lifetime; zero or negative issues an expired token.
	// Nil means one hour.
	IDTokenLifetimeSeconds *int64 `json:"idTokenLifetimeSeconds,omitempty"`
	// ClockOffsetSeconds shifts iat, exp and auth_time as if the provider's clock were this far
	// ahead (positive) or behind (negative).
	ClockOffsetSeconds *int64 `json:"clockOffsetSeconds,omitempty"`
	// OverrideAudience replaces the aud claim, and removes azp and client_id.
	OverrideAudience []string `json:"overrideAudience,omitempty"`
	// OverrideIssuer replaces the iss claim.
	OverrideIssuer *string `json:"overrideIssuer,omitempty"`
	// OverrideNonce replaces the nonce claim; the empty string removes it.
	OverrideNonce *string `json:"overrideNonce,omitempty"`
}

// Client is a confidential web client of the authorization code flow, authenticating with
// client_secret_basic or client_secret_post.
type Client struct {
	ID     string `json:"id"`
	Secret string `json:"secret"`
	// RedirectURIs are matched exactly.
	RedirectURIs []string `json:"redirectURIs,omitempty"`
	// RedirectURIPrefixes accept every redirect URI that starts with one of them, such as
	// "http://127.0.0.1:" for a relying party on a random loopback port.
	RedirectURIPrefixes []string `json:"redirectURIPrefixes,omitempty"`
	// RedirectURIGlobs are doublestar patterns such as "http://127.0.0.1:*/auth/**".
	RedirectURIGlobs []string `json:"redirectURIGlobs,omitempty"`
	// PostLogoutRedirectURIs are where end_session may send the browser afterwards (prefixes
	// and globs apply to them too).
	PostLogoutRedirectURIs []string `json:"postLogoutRedirectURIs,omitempty"`
	Knobs
}

// User can sign in on the provider's login page. The ID token carries sub always, groups when
// set, email and email_verified with the email scope, name and preferred_username (Username)
// with the profile scope.
type User struct {
	Username      string   `json:"username"`
	Password      string   `json:"password"`
	Subject       string   `json:"subject"`
	Email         string   `json:"email,omitempty"`
	EmailVerified bool     `json:"emailVerified,omitempty"`
	Name          string   `json:"name,omitempty"`
	Groups        []string `json:"groups,omitempty"`
}

// Seconds is a pointer to n, for IDTokenLifetimeSeconds and ClockOffsetSeconds.
func Seconds(n int64) *int64 { return &n }

// String is a pointer to s, for OverrideIssuer and OverrideNonce.
func String(s string) *string { return &s }
