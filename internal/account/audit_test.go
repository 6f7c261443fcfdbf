package account

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dbackup/dbackup/internal/viewer"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/auth/token"
	"github.com/dbackup/dbackup/internal/vault"
)

func secretOf(s string) vault.Secret { return vault.NewSecret(s) }

// TestAuditEntriesHoldNoSecrets runs every audited operation with known secrets, then reads
// every column of every audit row and looks for each secret.
func TestAuditEntriesHoldNoSecrets(t *testing.T) {
	e := newEnv(t)
	admin := e.setup(t)
	ctx := as(admin)
	bob := e.user(t, "bob", perm.AdminsGroup)
	secrets := []string{adminPassword, userPassword, newPassword, wrongPassword}

	totpSecret, url, err := e.svc.BeginTOTP(ctx, bob.ID)
	require.NoError(t, err)
	enrol := code(t, totpSecret, e.clock.Now())
	codes, err := e.svc.EnableTOTP(ctx, bob.ID, enrol)
	require.NoError(t, err)
	secrets = append(secrets, totpSecret.Reveal(), url.Reveal(), enrol)
	secrets = append(secrets, codes...)

	e.clock.Advance(30e9)
	signIn := code(t, totpSecret, e.clock.Now())
	res, err := e.svc.Login(viewer.SystemContext(context.Background()), LoginInput{Username: "bob", Password: secretOf(userPassword), TOTPCode: signIn, IP: "192.0.2.9"})
	require.NoError(t, err)
	secrets = append(secrets, signIn, res.Token, res.Session.TokenHash)
	_, err = e.svc.Login(viewer.SystemContext(context.Background()), LoginInput{Username: "bob", Password: secretOf(userPassword), RecoveryCode: codes[3]})
	require.NoError(t, err)
	_, err = e.svc.Login(viewer.SystemContext(context.Background()), LoginInput{Username: "bob", Password: secretOf(wrongPassword), TOTPCode: signIn})
	require.ErrorIs(t, err, ErrInvalidCredentials)

	plain, key, err := e.svc.CreateAPIKey(ctx, bob.ID, "ci", perm.NewSet(perm.JobsRun), nil)
	require.NoError(t, err)
	secrets = append(secrets, plain, fmt.Sprintf("%x", token.HashAPIKey(plain)))
	require.NoError(t, e.svc.RevokeAPIKey(ctx, key.ID))
	require.NoError(t, e.svc.Logout(ctx, res.Token))
	require.NoError(t, e.svc.SetPassword(ctx, bob.ID, secretOf(newPassword)))
	require.NoError(t, e.svc.DisableTOTP(ctx, bob.ID))

	rows, err := e.db.Query(`SELECT * FROM audit_entries`)
	require.NoError(t, err)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	actions := map[string]bool{}
	n := 0
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		var b strings.Builder
		for i, v := range vals {
			fmt.Fprintf(&b, "%s=%s\n", cols[i], v)
			if cols[i] == "action" {
				actions[fmt.Sprint(v)] = true
			}
		}
		row := strings.ToLower(b.String())
		for _, s := range secrets {
			require.NotContains(t, row, strings.ToLower(s), "audit row holds a secret")
		}
		n++
	}
	require.NoError(t, rows.Err())
	for _, a := range []string{ActionSetup, ActionUserCreate, ActionTOTPBegin, ActionTOTPEnable, ActionLogin, ActionLoginFailed,
		ActionAPIKeyCreate, ActionAPIKeyRevoke, ActionPasswordSet, ActionTOTPDisable, ActionLogout} {
		require.True(t, actions[a], "no %s entry: the scan would miss its secrets", a)
	}
	require.Greater(t, n, 11)
}
