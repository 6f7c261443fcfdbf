package account

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dbackup/dbackup/internal/viewer"

	pqtotp "github.com/pquerna/otp/totp"
	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/auth/totp"
	"github.com/dbackup/dbackup/internal/vault"
)

// code returns the TOTP code of secret at now, as an authenticator app shows it.
func code(t *testing.T, secret vault.Secret, now time.Time) string {
	t.Helper()
	c, err := pqtotp.GenerateCode(secret.Reveal(), now)
	require.NoError(t, err)
	return c
}

// enableTOTP enrols u and returns the secret and the recovery codes.
func (e *env) enableTOTP(t *testing.T, u *ent.User) (vault.Secret, []string) {
	t.Helper()
	secret, url, err := e.svc.BeginTOTP(as(u), u.ID)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(url.Reveal(), "otpauth://totp/DBackup:"+u.Username+"?"), "%s", url)
	codes, err := e.svc.EnableTOTP(as(u), u.ID, code(t, secret, e.clock.Now()))
	require.NoError(t, err)
	require.Len(t, codes, totp.RecoveryCodeCount)
	return secret, codes
}

func TestTOTPEnrolment(t *testing.T) {
	e := newEnv(t)
	admin := e.setup(t)
	ctx := as(admin)

	_, err := e.svc.EnableTOTP(ctx, admin.ID, "123456")
	require.ErrorIs(t, err, ErrTOTPNotStarted)
	secret, _, err := e.svc.BeginTOTP(ctx, admin.ID)
	require.NoError(t, err)
	require.Equal(t, "***", secret.String())
	require.False(t, e.c.User.GetX(ctx, admin.ID).TotpEnabled, "pending until a code matches")

	wrong := code(t, secret, e.clock.Now().Add(time.Hour))
	_, err = e.svc.EnableTOTP(ctx, admin.ID, wrong)
	require.ErrorIs(t, err, totp.ErrInvalidCode)
	require.False(t, e.c.User.GetX(ctx, admin.ID).TotpEnabled)

	codes, err := e.svc.EnableTOTP(ctx, admin.ID, code(t, secret, e.clock.Now()))
	require.NoError(t, err)
	require.Len(t, codes, totp.RecoveryCodeCount)
	require.True(t, e.c.User.GetX(ctx, admin.ID).TotpEnabled)
	_, _, err = e.svc.BeginTOTP(ctx, admin.ID)
	require.ErrorIs(t, err, ErrTOTPEnabled, "a second device replaces nothing silently")
}

func TestLoginWithTOTP(t *testing.T) {
	e := newEnv(t)
	admin := e.setup(t)
	secret, _ := e.enableTOTP(t, admin)
	ctx := viewer.SystemContext(context.Background())
	in := func(totpCode string) LoginInput {
		return LoginInput{Username: "admin", Password: vault.NewSecret(adminPassword), TOTPCode: totpCode, IP: "192.0.2.3"}
	}

	_, err := e.svc.Login(ctx, in(""))
	require.ErrorIs(t, err, ErrTOTPRequired)
	require.Zero(t, e.c.Session.Query().CountX(ctx), "no session before the second factor")

	enrolment := code(t, secret, e.clock.Now())
	_, err = e.svc.Login(ctx, in(enrolment))
	require.ErrorIs(t, err, ErrInvalidCredentials)
	require.ErrorIs(t, err, totp.ErrReplayed, "the enrolment code was used")

	e.clock.Advance(totp.Period)
	fresh := code(t, secret, e.clock.Now())
	res, err := e.svc.Login(ctx, in(fresh[:3]+" "+fresh[3:]))
	require.NoError(t, err)
	require.NotEmpty(t, res.Token)
	require.Equal(t, "totp", e.audits(t, ActionLogin)[0].Details["second_factor"])

	_, err = e.svc.Login(ctx, in(fresh))
	require.ErrorIs(t, err, totp.ErrReplayed, "a code works once")
	_, err = e.svc.Login(ctx, in(code(t, secret, e.clock.Now().Add(-5*totp.Period))))
	require.ErrorIs(t, err, ErrInvalidCredentials)
	require.Equal(t, 1, e.c.Session.Query().CountX(ctx))

	// Wrong password with a right code is still wrong.
	e.clock.Advance(totp.Period)
	_, err = e.svc.Login(ctx, LoginInput{Username: "admin", Password: vault.NewSecret(wrongPassword), TOTPCode: code(t, secret, e.clock.Now())})
	require.ErrorIs(t, err, ErrInvalidCredentials)
}

func TestRecoveryCodeWorksOnce(t *testing.T) {
	e := newEnv(t)
	admin := e.setup(t)
	_, codes := e.enableTOTP(t, admin)
	ctx := viewer.SystemContext(context.Background())
	in := func(rc string) LoginInput {
		return LoginInput{Username: "admin", Password: vault.NewSecret(adminPassword), RecoveryCode: rc}
	}

	_, err := e.svc.Login(ctx, in(codes[0]))
	require.NoError(t, err)
	require.EqualValues(t, totp.RecoveryCodeCount-1, e.audits(t, ActionLogin)[0].Details["recovery_codes_left"])
	_, err = e.svc.Login(ctx, in(codes[0]))
	require.ErrorIs(t, err, ErrInvalidCredentials)
	_, err = e.svc.Login(ctx, in(strings.ToUpper(strings.ReplaceAll(codes[1], "-", ""))))
	require.NoError(t, err, "input is forgiving")
	_, err = e.svc.Login(ctx, in("0000-0000"))
	require.ErrorIs(t, err, ErrInvalidCredentials)

	hashes, err := e.svc.recoveryHashes(e.c.User.GetX(ctx, admin.ID))
	require.NoError(t, err)
	require.Len(t, hashes, totp.RecoveryCodeCount-2)
}

func TestDisableTOTP(t *testing.T) {
	e := newEnv(t)
	admin := e.setup(t)
	e.enableTOTP(t, admin)
	require.NoError(t, e.svc.DisableTOTP(as(admin), admin.ID))
	u := e.c.User.GetX(viewer.SystemContext(context.Background()), admin.ID)
	require.False(t, u.TotpEnabled)
	require.Empty(t, u.TotpSecret)
	require.Empty(t, u.RecoveryCodes)
	e.login(t, "admin", adminPassword)
	require.ErrorIs(t, e.svc.DisableTOTP(as(admin), "usr_nobody"), ErrNotFound)
}
