package account

import (
	"context"
	"testing"
	"time"

	"github.com/dbackup/dbackup/internal/viewer"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/auth/password"
	"github.com/dbackup/dbackup/internal/vault"
)

func TestSessionEndsAfterItsLifetimeHoweverActive(t *testing.T) {
	e := newEnv(t)
	e.setup(t)
	ctx := viewer.SystemContext(context.Background())
	res := e.login(t, "admin", adminPassword)
	for range 4 { // days 6, 12, 18, 24: active, so never idle
		e.clock.Advance(6 * 24 * time.Hour)
		_, _, err := e.svc.Authenticate(ctx, res.Token)
		require.NoError(t, err)
	}
	e.clock.Advance(6 * 24 * time.Hour) // day 30
	_, _, err := e.svc.Authenticate(ctx, res.Token)
	require.ErrorIs(t, err, ErrSessionExpired)
	require.Zero(t, e.c.Session.Query().CountX(ctx), "deleted")
	_, _, err = e.svc.Authenticate(ctx, res.Token)
	require.ErrorIs(t, err, ErrInvalidSession)
}

func TestSessionIdleTimeoutSlides(t *testing.T) {
	e := newEnv(t)
	e.setup(t)
	ctx := viewer.SystemContext(context.Background())
	res := e.login(t, "admin", adminPassword)

	e.clock.Advance(30 * time.Second)
	_, sess, err := e.svc.Authenticate(ctx, res.Token)
	require.NoError(t, err)
	require.Equal(t, res.Session.LastSeenAt.UTC(), sess.LastSeenAt.UTC(), "not written more than once a minute")
	e.clock.Advance(31 * time.Second)
	_, sess, err = e.svc.Authenticate(ctx, res.Token)
	require.NoError(t, err)
	require.Equal(t, e.clock.Now(), sess.LastSeenAt.UTC())
	require.Equal(t, e.clock.Now(), e.c.Session.GetX(ctx, sess.ID).LastSeenAt.UTC())

	e.clock.Advance(DefaultIdleTimeout - time.Second)
	_, _, err = e.svc.Authenticate(ctx, res.Token)
	require.NoError(t, err)
	e.clock.Advance(DefaultIdleTimeout)
	_, _, err = e.svc.Authenticate(ctx, res.Token)
	require.ErrorIs(t, err, ErrSessionExpired)
}

func TestAuthenticateRefusesForeignTokens(t *testing.T) {
	e := newEnv(t)
	e.setup(t)
	for _, tok := range []string{"", "x", "' OR 1=1 --", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"} {
		_, _, err := e.svc.Authenticate(viewer.SystemContext(context.Background()), tok)
		require.ErrorIs(t, err, ErrInvalidSession, "%q", tok)
	}
}

func TestSetPasswordRevokesOtherSessions(t *testing.T) {
	e := newEnv(t)
	admin := e.setup(t)
	ctx := viewer.SystemContext(context.Background())
	here := e.login(t, "admin", adminPassword)
	there := e.login(t, "admin", adminPassword)

	require.ErrorIs(t, e.svc.SetPassword(ctx, admin.ID, vault.NewSecret("too short")), password.ErrTooShort)
	require.Equal(t, 2, e.c.Session.Query().CountX(ctx), "a refused password changes nothing")

	self := NewSessionContext(as(admin), here.Session.ID)
	require.NoError(t, e.svc.SetPassword(self, admin.ID, vault.NewSecret(newPassword)))
	_, _, err := e.svc.Authenticate(ctx, here.Token)
	require.NoError(t, err, "the session that changed it stays")
	_, _, err = e.svc.Authenticate(ctx, there.Token)
	require.ErrorIs(t, err, ErrInvalidSession)

	_, err = e.svc.Login(ctx, LoginInput{Username: "admin", Password: vault.NewSecret(adminPassword)})
	require.ErrorIs(t, err, ErrInvalidCredentials)
	e.login(t, "admin", newPassword)

	// An administrator resetting someone else's password signs that user out everywhere.
	bob := e.user(t, "bob")
	bobs := e.login(t, "bob", userPassword)
	require.NoError(t, e.svc.SetPassword(self, bob.ID, vault.NewSecret(newPassword)))
	_, _, err = e.svc.Authenticate(ctx, bobs.Token)
	require.ErrorIs(t, err, ErrInvalidSession)
	entries := e.audits(t, ActionPasswordSet)
	require.Len(t, entries, 2)
	require.Equal(t, "admin", entries[1].Actor)
	require.Equal(t, string(bob.ID), entries[1].EntityID)
}

func TestLogoutSessionsAndRevoke(t *testing.T) {
	e := newEnv(t)
	admin := e.setup(t)
	bob := e.user(t, "bob")
	ctx := as(admin)
	first := e.login(t, "admin", adminPassword)
	e.clock.Advance(time.Hour)
	second := e.login(t, "admin", adminPassword)
	e.login(t, "bob", userPassword)

	list, err := e.svc.Sessions(ctx, admin.ID)
	require.NoError(t, err)
	require.Len(t, list, 2)
	require.Equal(t, second.Session.ID, list[0].ID, "most recent first")

	require.ErrorIs(t, e.svc.RevokeSession(ctx, bob.ID, first.Session.ID), ErrNotFound, "only the owner's sessions")
	require.NoError(t, e.svc.RevokeSession(ctx, admin.ID, first.Session.ID))
	_, _, err = e.svc.Authenticate(ctx, first.Token)
	require.ErrorIs(t, err, ErrInvalidSession)

	require.NoError(t, e.svc.Logout(ctx, second.Token))
	require.NoError(t, e.svc.Logout(ctx, second.Token), "twice is fine")
	require.NoError(t, e.svc.Logout(ctx, "garbage"))
	_, _, err = e.svc.Authenticate(ctx, second.Token)
	require.ErrorIs(t, err, ErrInvalidSession)
	list, err = e.svc.Sessions(ctx, admin.ID)
	require.NoError(t, err)
	require.Empty(t, list)
	require.Len(t, e.audits(t, ActionLogout), 1)
	require.Len(t, e.audits(t, ActionSessionRevoke), 1)

	e.clock.Advance(DefaultIdleTimeout)
	n, err := e.svc.PurgeExpiredSessions(sys())
	require.NoError(t, err)
	require.Equal(t, 1, n, "bob's idle session")
}
