package oidcauth

import (
	"errors"
	"fmt"
)

var (
	// ErrStateMissing means the callback arrived without a usable state cookie: none was sent,
	// it expired, or it was not sealed by this server (forged, tampered with or from an older
	// key). The browser must start the sign-in again.
	ErrStateMissing = errors.New("oidcauth: sign-in state missing or expired")
	// ErrStateMismatch means the callback's state parameter or provider differs from the state
	// cookie's: the callback belongs to another sign-in, possibly a forged one.
	ErrStateMismatch = errors.New("oidcauth: sign-in state mismatch")
	// ErrProviderError means the provider redirected back with an error instead of a code;
	// the error is a *ProviderError.
	ErrProviderError = errors.New("oidcauth: provider refused the sign-in")
	// ErrCodeExchange means the token endpoint refused the code (a replayed or expired code
	// gives invalid_grant); the error also wraps the *oauth2.RetrieveError when there is one.
	ErrCodeExchange = errors.New("oidcauth: code exchange failed")
	// ErrTokenInvalid means the ID token is missing or failed verification (signature,
	// issuer, audience or expiry); the error wraps go-oidc's reason.
	ErrTokenInvalid = errors.New("oidcauth: ID token invalid")
	// ErrNonceMismatch means the ID token's nonce is not the one this sign-in sent, so the
	// token was issued for another authorization request.
	ErrNonceMismatch = errors.New("oidcauth: ID token nonce mismatch")
	// ErrUnreachable means the provider could not be reached (connection refused, timeout,
	// DNS).
	ErrUnreachable = errors.New("oidcauth: provider unreachable")
	// ErrDiscoveryInvalid means the provider answered, but its discovery document is unusable:
	// not found, not JSON, a different issuer, or missing required endpoints.
	ErrDiscoveryInvalid = errors.New("oidcauth: discovery invalid")
	// ErrDomainNotAllowed means the identity's e-mail is unverified or outside the provider's
	// allowed domains.
	ErrDomainNotAllowed = errors.New("oidcauth: e-mail domain not allowed")
)

// ProviderError is the error parameter of a callback (RFC 6749 §4.1.2.1), such as
// access_denied when the user declined. errors.Is(err, ErrProviderError) holds for it.
type ProviderError struct {
	// Code is the error parameter, such as "access_denied".
	Code string
	// Description is error_description, free text from the provider; it may be empty.
	Description string
}

func (e *ProviderError) Error() string {
	if e.Description == "" {
		return fmt.Sprintf("%v: %s", ErrProviderError, e.Code)
	}
	return fmt.Sprintf("%v: %s: %s", ErrProviderError, e.Code, e.Description)
}

// Unwrap makes errors.Is(err, ErrProviderError) hold.
func (e *ProviderError) Unwrap() error { return ErrProviderError }
