package authz

import (
	"context"
	"errors"

	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/viewer"
)

var (
	// ErrUnauthenticated refuses an operation that needs a signed-in viewer.
	ErrUnauthenticated = errors.New("sign in first: this operation needs a signed-in user or an API key")
	// ErrSessionRequired refuses an API key an operation on the account itself (password,
	// two-factor, sessions), so that a leaked key cannot take the account over.
	ErrSessionRequired = errors.New("this changes your account, so it needs a browser session: sign in with your password instead of an API key")
)

// ForbiddenError refuses an operation the viewer lacks the permission for.
type ForbiddenError struct{ Permission perm.Permission }

func (e *ForbiddenError) Error() string {
	return "permission " + string(e.Permission) + " is required; ask an administrator to add it to one of your groups"
}

// Require returns nil when the viewer of ctx holds p, ErrUnauthenticated when nobody is signed
// in, and a *ForbiddenError otherwise.
func Require(ctx context.Context, p perm.Permission) error {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return ErrUnauthenticated
	case !v.Can(p):
		return &ForbiddenError{Permission: p}
	}
	return nil
}

// RequireViewer returns nil when someone is signed in, and with sessionOnly only when that is a
// person with a browser session rather than an API key.
func RequireViewer(ctx context.Context, sessionOnly bool) error {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return ErrUnauthenticated
	case sessionOnly && (v.APIKeyID != "" || v.UserID == ""):
		return ErrSessionRequired
	}
	return nil
}
