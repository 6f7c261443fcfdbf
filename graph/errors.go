package graph

import (
	"context"
	"errors"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/dbackup/dbackup/internal/authz"
	"github.com/dbackup/dbackup/internal/vault"
)

// Error codes the API returns in extensions.code. Clients and the Recovery Kit match on these,
// never on messages.
const (
	// CodeEncryptionKeyMismatch: a stored secret was sealed with a key that is not loaded.
	CodeEncryptionKeyMismatch = "ENCRYPTION_KEY_MISMATCH"
	// CodeSecretUndecryptable: a stored secret fails authentication under a loaded key (damaged,
	// or moved to another row); it must be re-entered.
	CodeSecretUndecryptable = "SECRET_UNDECRYPTABLE"

	// CodeSetupDone: setupAdmin after the first user exists.
	CodeSetupDone = "SETUP_DONE"
	// CodeInvalidInput: an argument breaks a rule; extensions.field names it when known.
	CodeInvalidInput = "INVALID_INPUT"
	// CodeInvalidCredentials: a wrong username, password or second-factor code.
	CodeInvalidCredentials = "INVALID_CREDENTIALS"
	// CodeTOTPRequired: the password was right and a TOTP or recovery code is needed.
	CodeTOTPRequired = "TOTP_REQUIRED"
	// CodeAccountDisabled: the user (or an API key's owner) is disabled.
	CodeAccountDisabled = "ACCOUNT_DISABLED"
	// CodeThrottled: too many sign-in attempts; extensions.retryAfter is in seconds.
	CodeThrottled = "THROTTLED"
	// CodeUnauthenticated: no valid session or API key.
	CodeUnauthenticated = "UNAUTHENTICATED"
	// CodeNotFound: an unknown user, group, session or API key.
	CodeNotFound = "NOT_FOUND"
	// CodeConflict: a name is taken.
	CodeConflict = "CONFLICT"
	// CodeLastAdmin: the change would leave no enabled administrator.
	CodeLastAdmin = "LAST_ADMIN"
	// CodeBuiltinGroup: the change would delete, rename or narrow a built-in group.
	CodeBuiltinGroup = "BUILTIN_GROUP"
	// CodeScopeExceedsOwner: an API key scope its owner does not hold.
	CodeScopeExceedsOwner = "SCOPE_EXCEEDS_OWNER"
	// CodeForbidden: signed in, but without the permission the operation needs;
	// extensions.permission names it.
	CodeForbidden = "FORBIDDEN"
	// CodeInUse: a delete refused because jobs use the item; extensions.users names them.
	CodeInUse = "IN_USE"
	// CodeRetainedBackups: deleting an encryption profile whose key alone opens retained
	// backups, without confirmRetainedBackups; extensions.retainedBackups counts them.
	CodeRetainedBackups = "RETAINED_BACKUPS"
	// CodeSessionRequired: an API key tried to change the account itself (password, two-factor,
	// sessions), which needs a browser session.
	CodeSessionRequired = "SESSION_REQUIRED"
)

// PresentError is the one place that turns domain errors into GraphQL errors with codes.
func PresentError(ctx context.Context, err error) *gqlerror.Error {
	gerr := graphql.DefaultErrorPresenter(ctx, err)
	var (
		mm        *vault.KeyMismatchError
		forbidden *authz.ForbiddenError
	)
	switch {
	case errors.As(err, &mm):
		setCode(gerr, CodeEncryptionKeyMismatch)
		gerr.Extensions["keyId"] = mm.KeyID
		gerr.Extensions["loadedKeyIds"] = mm.Known
	case errors.Is(err, vault.ErrTampered), errors.Is(err, vault.ErrMalformed):
		setCode(gerr, CodeSecretUndecryptable)
	case errors.Is(err, authz.ErrUnauthenticated):
		setCode(gerr, CodeUnauthenticated)
	case errors.Is(err, authz.ErrSessionRequired):
		setCode(gerr, CodeSessionRequired)
	case errors.As(err, &forbidden):
		setCode(gerr, CodeForbidden)
		gerr.Extensions["permission"] = string(forbidden.Permission)
	case presentConfigError(gerr, err), presentCatalogError(gerr, err), presentExecutionError(gerr, err):
	default:
		presentAccountError(gerr, err)
	}
	return gerr
}

func setCode(e *gqlerror.Error, code string) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = code
}
