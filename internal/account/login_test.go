package account

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/argon2"

	"github.com/dbackup/dbackup/ent/session"
	"github.com/dbackup/dbackup/internal/auth/password"
	"github.com/dbackup/dbackup/internal/auth/throttle"
	"github.com/dbackup/dbackup/internal/auth/token"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

func TestLoginSucceedsAndCreatesASession(t *testing.T) {
	e := newEnv(t)
	admin := e.setup(t)
	ctx := context.Background()

	res, err := e.svc.Login(ctx, LoginInput{Username: " ADMIN", Password: vault.NewSecret(adminPassword), IP: "192.0.2.1", UserAgent: "Firefox"})
	require.NoError(t, err)
	require.Len(t, res.Token, token.SessionTokenLen)
	require.Equal(t, admin.ID, res.User.ID)
	require.NotNil(t, res.User.LastLoginAt)
	require.Equal(t, e.clock.Now(), res.User.LastLoginAt.UTC())
	require.Equal(t, e.clock.Now().Add(DefaultSessionLifetime), res.Session.ExpiresAt.UTC())
	require.Equal(t, "192.0.2.1", res.Session.IP)

	v, sess, err := e.svc.Authenticate(ctx, res.Token)
	require.NoError(t, err)
	require.Equal(t, res.Session.ID, sess.ID)
	require.Equal(t, string(admin.ID), v.UserID)
	require.Equal(t, "admin", v.ActorName())

	entries := e.audits(t, ActionLogin)
	require.Len(t, entries, 1)
	require.Equal(t, "anonymous", entries[0].Actor)
	require.Equal(t, "192.0.2.1", entries[0].IP)
	require.Equal(t, "admin", entries[0].Details["username"])
	require.Equal(t, "none", entries[0].Details["second_factor"])
}

func TestLoginFailuresLookAlikeAndAreAudited(t *testing.T) {
	e := newEnv(t)
	e.setup(t)
	ctx := context.Background()
	for _, in := range []LoginInput{
		{Username: "admin", Password: vault.NewSecret(wrongPassword), IP: "192.0.2.7"},
		{Username: "nobody", Password: vault.NewSecret(adminPassword), IP: "192.0.2.7"},
		{Username: "", Password: vault.Secret{}, IP: "192.0.2.7"},
	} {
		_, err := e.svc.Login(ctx, in)
		require.ErrorIs(t, err, ErrInvalidCredentials)
		require.Equal(t, ErrInvalidCredentials.Error(), err.Error(), "nothing tells the cases apart")
	}
	require.Zero(t, e.c.Session.Query().CountX(viewer.SystemContext(viewer.SystemContext(ctx))))
	failed := e.audits(t, ActionLoginFailed)
	require.Len(t, failed, 3)
	require.Equal(t, "admin", failed[0].Details["username"])
	require.Equal(t, "nobody", failed[1].Details["username"])
	for _, f := range failed {
		require.Equal(t, "192.0.2.7", f.IP)
		require.Equal(t, ActionLoginFailed, f.Action)
	}
}

func TestLoginIsThrottled(t *testing.T) {
	e := newEnv(t)
	e.setup(t)
	ctx := context.Background()
	in := LoginInput{Username: "admin", Password: vault.NewSecret(wrongPassword), IP: "198.51.100.4"}
	for range throttle.DefaultAccountAttempts {
		_, err := e.svc.Login(ctx, in)
		require.ErrorIs(t, err, ErrInvalidCredentials)
	}
	in.Password = vault.NewSecret(adminPassword)
	_, err := e.svc.Login(ctx, in)
	var te *ThrottledError
	require.ErrorAs(t, err, &te, "the right password is refused too while locked")
	require.ErrorIs(t, err, ErrThrottled)
	require.Equal(t, throttle.DefaultAccountWindow, te.RetryAfter)
	require.Len(t, e.audits(t, ActionLoginFailed), throttle.DefaultAccountAttempts, "refusals without a check are not audited")

	e.clock.Advance(te.RetryAfter - time.Second)
	_, err = e.svc.Login(ctx, in)
	require.ErrorIs(t, err, ErrThrottled)
	e.clock.Advance(time.Second)
	e.login(t, "admin", adminPassword)
}

func TestLoginRefusesDisabledUsers(t *testing.T) {
	e := newEnv(t)
	e.setup(t)
	bob := e.user(t, "bob")
	ctx := context.Background()
	res := e.login(t, "bob", userPassword)
	require.NoError(t, e.c.User.UpdateOne(bob).SetDisabled(true).Exec(viewer.SystemContext(ctx)))

	_, err := e.svc.Login(ctx, LoginInput{Username: "bob", Password: vault.NewSecret(userPassword)})
	require.ErrorIs(t, err, ErrDisabled)
	_, err = e.svc.Login(ctx, LoginInput{Username: "bob", Password: vault.NewSecret(wrongPassword)})
	require.ErrorIs(t, err, ErrInvalidCredentials, "without the password, disabled is not revealed")
	_, _, err = e.svc.Authenticate(ctx, res.Token)
	require.ErrorIs(t, err, ErrDisabled, "existing sessions stop working")
	require.Zero(t, e.c.Session.Query().CountX(viewer.SystemContext(viewer.SystemContext(ctx))))
}

func TestLoginReplacesAWeakHash(t *testing.T) {
	e := newEnv(t)
	e.setup(t)
	bob := e.user(t, "bob")
	ctx := context.Background()
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	b64 := base64.RawStdEncoding
	weak := fmt.Sprintf("$argon2id$v=19$m=8192,t=1,p=1$%s$%s", b64.EncodeToString(salt),
		b64.EncodeToString(argon2.IDKey([]byte(userPassword), salt, 1, 8192, 1, 32)))
	require.NoError(t, e.c.User.UpdateOne(bob).SetPasswordHash(weak).Exec(viewer.SystemContext(ctx)))

	e.login(t, "bob", userPassword)
	stored := e.c.User.GetX(viewer.SystemContext(ctx), bob.ID).PasswordHash
	require.True(t, strings.HasPrefix(stored, "$argon2id$v=19$m=65536,t=3,p=2$"), stored)
	ok, rehash, err := password.Verify(vault.NewSecret(userPassword), stored)
	require.NoError(t, err)
	require.True(t, ok)
	require.False(t, rehash)
	require.Contains(t, e.audits(t, ActionLogin)[0].Fields, "password_hash")
}

func TestSessionCountUnchangedByTOTPRequired(t *testing.T) {
	e := newEnv(t)
	admin := e.setup(t)
	e.enableTOTP(t, admin)
	_, err := e.svc.Login(context.Background(), LoginInput{Username: "admin", Password: vault.NewSecret(adminPassword)})
	require.ErrorIs(t, err, ErrTOTPRequired)
	require.Zero(t, e.c.Session.Query().Where(session.HasUser()).CountX(viewer.SystemContext(context.Background())))
}
