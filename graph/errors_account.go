package graph

import (
	"errors"
	"math"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/dbackup/dbackup/internal/account"
	"github.com/dbackup/dbackup/internal/auth/password"
)

// accountCodes maps the account service's sentinels to codes, in the order they are tried.
var accountCodes = []struct {
	err  error
	code string
}{
	{account.ErrSetupDone, CodeSetupDone},
	{account.ErrInvalidCredentials, CodeInvalidCredentials},
	{account.ErrTOTPRequired, CodeTOTPRequired},
	{account.ErrDisabled, CodeAccountDisabled},
	{account.ErrSessionExpired, CodeUnauthenticated},
	{account.ErrInvalidSession, CodeUnauthenticated},
	{account.ErrInvalidAPIKey, CodeUnauthenticated},
	{account.ErrAPIKeyRevoked, CodeUnauthenticated},
	{account.ErrAPIKeyExpired, CodeUnauthenticated},
	{account.ErrScopeExceedsOwner, CodeScopeExceedsOwner},
	{account.ErrUsernameTaken, CodeConflict},
	{account.ErrNameTaken, CodeConflict},
	{account.ErrTOTPEnabled, CodeConflict},
	{account.ErrTOTPNotStarted, CodeConflict},
	{account.ErrLastAdmin, CodeLastAdmin},
	{account.ErrBuiltinGroup, CodeBuiltinGroup},
	{account.ErrNotFound, CodeNotFound},
	{account.ErrInvalidInput, CodeInvalidInput},
}

// FieldError names the input field an error is about; the presenter puts it in
// extensions.field.
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

// presentAccountError sets the code of an account or password-policy error on e, and the
// input field it is about when known. Messages of these errors never contain a password, so
// they are passed on as they are.
func presentAccountError(e *gqlerror.Error, err error) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	var th *account.ThrottledError
	switch {
	case errors.Is(err, password.ErrTooShort), errors.Is(err, password.ErrTooLong), errors.Is(err, password.ErrInvalidUTF8):
		setCode(e, CodeInvalidInput)
		e.Extensions["field"] = "password"
	case errors.As(err, &th):
		setCode(e, CodeThrottled)
		e.Extensions["retryAfter"] = int(math.Ceil(th.RetryAfter.Seconds()))
	default:
		for _, c := range accountCodes {
			if errors.Is(err, c.err) {
				setCode(e, c.code)
				break
			}
		}
	}
	var fe *FieldError
	var ie *account.InputError
	switch {
	case errors.As(err, &fe):
		e.Extensions["field"] = fe.Field
	case errors.As(err, &ie):
		e.Extensions["field"] = ie.Field
	}
	if _, ok := e.Extensions["field"]; ok && e.Extensions["code"] == nil {
		setCode(e, CodeInvalidInput)
	}
}
