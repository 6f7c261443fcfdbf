package account

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/dbackup/dbackup/internal/viewer"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/ent/apikey"
	"github.com/dbackup/dbackup/ent/user"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/auth/token"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/vault/entvault"
)

func TestStoredSecretsAreSealedAndTokensHashed(t *testing.T) {
	e := newEnv(t)
	admin := e.setup(t)
	secret, codes := e.enableTOTP(t, admin)
	plain, key, err := e.svc.CreateAPIKey(as(admin), admin.ID, "ci", perm.NewSet(perm.JobsRun), nil)
	require.NoError(t, err)
	e.clock.Advance(30e9)
	res, err := e.svc.Login(viewer.SystemContext(context.Background()), LoginInput{Username: "admin", Password: secretOf(adminPassword), TOTPCode: code(t, secret, e.clock.Now())})
	require.NoError(t, err)

	var secretHash string
	require.NoError(t, e.db.QueryRow(`SELECT secret_hash FROM api_keys WHERE id = ?`, key.ID).Scan(&secretHash))
	require.Regexp(t, sealedForm, secretHash)
	wantHash := hex.EncodeToString(token.HashAPIKey(plain))
	require.NotContains(t, secretHash, wantHash)
	opened, err := entvault.Open(e.kr, apikey.Table, apikey.FieldSecretHash, key.ID, secretHash)
	require.NoError(t, err)
	require.Equal(t, wantHash, opened.Reveal())

	var totpSecret, recovery, pwHash string
	require.NoError(t, e.db.QueryRow(`SELECT totp_secret, recovery_codes, password_hash FROM users WHERE id = ?`, admin.ID).
		Scan(&totpSecret, &recovery, &pwHash))
	require.Regexp(t, sealedForm, totpSecret)
	require.Regexp(t, sealedForm, recovery)
	require.True(t, strings.HasPrefix(pwHash, "$argon2id$"))
	list, err := entvault.Open(e.kr, user.Table, user.FieldRecoveryCodes, pulid.ID(admin.ID), recovery)
	require.NoError(t, err)
	hashes := strings.Split(list.Reveal(), "\n")
	require.Len(t, hashes, len(codes))
	for i, c := range codes {
		require.NotContains(t, recovery, c)
		require.Regexp(t, `^[0-9a-f]{64}$`, hashes[i])
	}

	var tokenHash string
	require.NoError(t, e.db.QueryRow(`SELECT token_hash FROM sessions WHERE id = ?`, res.Session.ID).Scan(&tokenHash))
	require.NotEqual(t, res.Token, tokenHash)
	require.NotContains(t, tokenHash, res.Token)
	sum := sha256.Sum256([]byte(res.Token))
	require.Equal(t, hex.EncodeToString(sum[:]), tokenHash)
}
