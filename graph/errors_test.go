package graph

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dbackup/dbackup/internal/authz"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/account"
	"github.com/dbackup/dbackup/internal/auth/password"
	"github.com/dbackup/dbackup/internal/vault"
)

func TestPresentErrorCodes(t *testing.T) {
	mm := fmt.Errorf("test connection: %w", &vault.KeyMismatchError{KeyID: "aaaaaaaaaaaaaaaa", Known: []string{"bbbbbbbbbbbbbbbb"}})
	e := PresentError(context.Background(), mm)
	require.Equal(t, CodeEncryptionKeyMismatch, e.Extensions["code"])
	require.Equal(t, "aaaaaaaaaaaaaaaa", e.Extensions["keyId"])
	require.Contains(t, e.Message, "aaaaaaaaaaaaaaaa")
	require.Contains(t, e.Message, "bbbbbbbbbbbbbbbb")

	e = PresentError(context.Background(), fmt.Errorf("open: %w", vault.ErrTampered))
	require.Equal(t, CodeSecretUndecryptable, e.Extensions["code"])

	e = PresentError(context.Background(), fmt.Errorf("plain"))
	require.Nil(t, e.Extensions["code"])
}

func TestPresentAccountErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		err   error
		code  string
		field string
	}{
		{"setup done", account.ErrSetupDone, CodeSetupDone, ""},
		{"short password", fmt.Errorf("setup: %w", password.ErrTooShort), CodeInvalidInput, "password"},
		{"long password", password.ErrTooLong, CodeInvalidInput, "password"},
		{"username", &FieldError{Field: "username", Err: account.ErrInvalidInput}, CodeInvalidInput, "username"},
		{"credentials", account.ErrInvalidCredentials, CodeInvalidCredentials, ""},
		{"totp", account.ErrTOTPRequired, CodeTOTPRequired, ""},
		{"disabled", account.ErrDisabled, CodeAccountDisabled, ""},
		{"expired", account.ErrSessionExpired, CodeUnauthenticated, ""},
		{"last admin", fmt.Errorf("remove: %w", account.ErrLastAdmin), CodeLastAdmin, ""},
		{"scope", &account.ScopeError{}, CodeScopeExceedsOwner, ""},
		{"throttled", &account.ThrottledError{RetryAfter: 1500 * time.Millisecond}, CodeThrottled, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := PresentError(context.Background(), tc.err)
			require.Equal(t, tc.code, e.Extensions["code"])
			if tc.field != "" {
				require.Equal(t, tc.field, e.Extensions["field"])
			}
		})
	}
	e := PresentError(context.Background(), &account.ThrottledError{RetryAfter: 1500 * time.Millisecond})
	require.Equal(t, 2, e.Extensions["retryAfter"])
}

func TestPresentPermissionErrors(t *testing.T) {
	e := PresentError(context.Background(), authz.ErrUnauthenticated)
	require.Equal(t, CodeUnauthenticated, e.Extensions["code"])

	e = PresentError(context.Background(), fmt.Errorf("forget: %w", &authz.ForbiddenError{Permission: "vault:write"}))
	require.Equal(t, CodeForbidden, e.Extensions["code"])
	require.Equal(t, "vault:write", e.Extensions["permission"])
	require.Contains(t, e.Message, "vault:write")
}
