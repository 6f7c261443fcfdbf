package account

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dbackup/dbackup/internal/account/guard"
	"github.com/dbackup/dbackup/internal/auth/perm"
)

// Errors of the service. Callers map them to responses with errors.Is; messages never contain
// a secret.
var (
	// ErrSetupDone refuses SetupAdmin once any user exists.
	ErrSetupDone = errors.New("setup is already done: a user exists; sign in as an administrator to add users")
	// ErrInvalidCredentials is a failed sign-in: unknown user, wrong password, or wrong second
	// factor. The cases are not told apart, so that usernames cannot be probed.
	ErrInvalidCredentials = errors.New("invalid username, password or code")
	// ErrDisabled refuses a disabled user, or an API key whose owner is disabled.
	ErrDisabled = errors.New("this account is disabled: ask an administrator to enable it")
	// ErrTOTPRequired asks for the second factor: the password was right, and no session was
	// created. Sign in again with the password and a TOTP or recovery code.
	ErrTOTPRequired = errors.New("enter the code from your authenticator app, or a recovery code")
	// ErrSessionExpired is a session past its lifetime or idle timeout; it has been deleted.
	ErrSessionExpired = errors.New("session expired: sign in again")
	// ErrInvalidSession is a session token that is malformed or unknown (signed out, revoked).
	ErrInvalidSession = errors.New("not signed in: sign in again")
	// ErrInvalidAPIKey is a malformed, unknown or wrong API key.
	ErrInvalidAPIKey = errors.New("invalid API key")
	// ErrAPIKeyRevoked is a key that was revoked.
	ErrAPIKeyRevoked = errors.New("API key revoked: create a new one")
	// ErrAPIKeyExpired is a key past its expiry.
	ErrAPIKeyExpired = errors.New("API key expired: create a new one")
	// ErrScopeExceedsOwner refuses an API key with a permission its owner lacks; see ScopeError.
	ErrScopeExceedsOwner = errors.New("API key scopes exceed the owner's permissions")
	// ErrTOTPEnabled refuses starting an enrolment while two-factor sign-in is on.
	ErrTOTPEnabled = errors.New("two-factor sign-in is already enabled: disable it first to enrol a new device")
	// ErrTOTPNotStarted refuses EnableTOTP without BeginTOTP.
	ErrTOTPNotStarted = errors.New("no pending two-factor enrolment: start one first")
	// ErrUsernameTaken refuses a username another user has.
	ErrUsernameTaken = errors.New("username is taken: choose another")
	// ErrNameTaken refuses a group name another group has.
	ErrNameTaken = errors.New("the name is taken")
	// ErrInvalidInput is a malformed argument (username, key name, expiry); the wrapping error
	// says which and why.
	ErrInvalidInput = errors.New("invalid input")
	// ErrNotFound is an unknown user, group, session or API key.
	ErrNotFound = errors.New("not found")

	// ErrLastAdmin refuses removing, disabling or deleting the last enabled administrator.
	ErrLastAdmin = guard.ErrLastAdmin
	// ErrBuiltinGroup refuses deleting or renaming a built-in group or changing Admins.
	ErrBuiltinGroup = guard.ErrBuiltinGroup
)

// ThrottledError refuses a sign-in attempt over the limits; nothing was checked. It matches
// ErrThrottled.
type ThrottledError struct {
	// RetryAfter is how long to wait, in whole seconds (for the Retry-After header).
	RetryAfter time.Duration
}

// ErrThrottled matches every *ThrottledError.
var ErrThrottled = errors.New("too many sign-in attempts")

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("%v: try again in %v", ErrThrottled, e.RetryAfter)
}

// Is makes errors.Is(err, ErrThrottled) true.
func (e *ThrottledError) Is(target error) bool { return target == ErrThrottled }

// ScopeError names the scopes of a new API key that its owner does not hold. It matches
// ErrScopeExceedsOwner.
type ScopeError struct {
	Extra []perm.Permission
}

func (e *ScopeError) Error() string {
	names := make([]string, len(e.Extra))
	for i, p := range e.Extra {
		names[i] = string(p)
	}
	return fmt.Sprintf("%v: the owner lacks %s; remove them or grant them to the owner first",
		ErrScopeExceedsOwner, strings.Join(names, ", "))
}

// Is makes errors.Is(err, ErrScopeExceedsOwner) true.
func (e *ScopeError) Is(target error) bool { return target == ErrScopeExceedsOwner }

// invalid wraps ErrInvalidInput with what is wrong.
func invalid(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidInput, fmt.Sprintf(format, a...))
}

// notFound wraps ErrNotFound with what was looked for.
func notFound(what string, id any) error {
	return fmt.Errorf("%s %v: %w", what, id, ErrNotFound)
}

// InputError is an invalid argument that names its input field (username, permissions…), so
// the API can point the form at it. It matches ErrInvalidInput.
type InputError struct {
	Field string
	Msg   string
}

func (e *InputError) Error() string { return e.Msg }

// Is makes errors.Is(err, ErrInvalidInput) true.
func (e *InputError) Is(target error) bool { return target == ErrInvalidInput }

// invalidField returns an *InputError about field.
func invalidField(field, format string, a ...any) error {
	return &InputError{Field: field, Msg: fmt.Sprintf(format, a...)}
}
