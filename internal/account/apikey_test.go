package account

import (
	"context"
	"testing"
	"time"

	"github.com/dbackup/dbackup/internal/viewer"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/ent/group"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/auth/token"
)

func TestAPIKeyScopesCannotExceedTheOwner(t *testing.T) {
	e := newEnv(t)
	e.setup(t)
	e.group(t, "Readers", perm.SourcesRead, perm.JobsRead)
	bob := e.user(t, "bob", "Readers")

	_, _, err := e.svc.CreateAPIKey(sys(), bob.ID, "ci", perm.NewSet(perm.SourcesRead, perm.SourcesWrite, perm.VaultReveal), nil)
	require.ErrorIs(t, err, ErrScopeExceedsOwner)
	var se *ScopeError
	require.ErrorAs(t, err, &se)
	require.Equal(t, []perm.Permission{perm.SourcesWrite, perm.VaultReveal}, se.Extra)
	require.Contains(t, err.Error(), "sources:write, vault:reveal")
	require.Zero(t, e.c.APIKey.Query().CountX(viewer.SystemContext(context.Background())))

	_, _, err = e.svc.CreateAPIKey(sys(), bob.ID, "ci", perm.Set{}, nil)
	require.ErrorIs(t, err, ErrInvalidInput)
	past := e.clock.Now().Add(-time.Minute)
	_, _, err = e.svc.CreateAPIKey(sys(), bob.ID, "ci", perm.NewSet(perm.SourcesRead), &past)
	require.ErrorIs(t, err, ErrInvalidInput)
}

func TestAPIKeyNeverOutranksItsOwner(t *testing.T) {
	e := newEnv(t)
	admin := e.setup(t)
	readers := e.group(t, "Readers", perm.SourcesRead)
	e.group(t, "Runners", perm.JobsRun, perm.JobsRead)
	bob := e.user(t, "bob", "Readers", "Runners")
	ctx := as(admin)

	plain, key, err := e.svc.CreateAPIKey(ctx, bob.ID, " ci ", perm.NewSet(perm.SourcesRead, perm.JobsRun), nil)
	require.NoError(t, err)
	require.Equal(t, "ci", key.Name)
	prefix, err := token.ParseAPIKey(plain)
	require.NoError(t, err)
	require.Equal(t, prefix, key.Prefix)

	v, err := e.svc.AuthenticateAPIKey(viewer.SystemContext(context.Background()), plain)
	require.NoError(t, err)
	require.Equal(t, perm.NewSet(perm.SourcesRead, perm.JobsRun), v.Permissions)
	require.Equal(t, "api key ci", v.ActorName())
	require.Equal(t, string(bob.ID), v.UserID)

	// Bob leaves Runners: the key loses jobs:run at once.
	runners := e.c.Group.Query().Where(group.Name("Runners")).OnlyX(ctx)
	require.NoError(t, e.c.Group.UpdateOne(runners).RemoveUsers(bob).Exec(ctx))
	v, err = e.svc.AuthenticateAPIKey(viewer.SystemContext(context.Background()), plain)
	require.NoError(t, err)
	require.Equal(t, perm.NewSet(perm.SourcesRead), v.Permissions)
	// Readers loses sources:read: nothing left.
	require.NoError(t, e.c.Group.UpdateOne(readers).SetPermissions([]string{string(perm.JobsRead)}).Exec(ctx))
	v, err = e.svc.AuthenticateAPIKey(viewer.SystemContext(context.Background()), plain)
	require.NoError(t, err)
	require.True(t, v.Permissions.IsEmpty())

	require.NoError(t, e.c.User.UpdateOne(bob).SetDisabled(true).Exec(ctx))
	_, err = e.svc.AuthenticateAPIKey(viewer.SystemContext(context.Background()), plain)
	require.ErrorIs(t, err, ErrDisabled)
	require.Len(t, e.audits(t, ActionAPIKeyCreate), 1)
}

func TestAPIKeyRevokedExpiredAndWrongAreRefused(t *testing.T) {
	e := newEnv(t)
	admin := e.setup(t)
	ctx := as(admin)
	soon := e.clock.Now().Add(time.Hour)
	expiring, _, err := e.svc.CreateAPIKey(ctx, admin.ID, "temp", perm.NewSet(perm.JobsRun), &soon)
	require.NoError(t, err)
	revoked, rk, err := e.svc.CreateAPIKey(ctx, admin.ID, "old", perm.NewSet(perm.JobsRun), nil)
	require.NoError(t, err)

	_, err = e.svc.AuthenticateAPIKey(ctx, revoked)
	require.NoError(t, err)
	require.NotNil(t, e.c.APIKey.GetX(ctx, rk.ID).LastUsedAt)
	require.NoError(t, e.svc.RevokeAPIKey(ctx, rk.ID))
	require.NoError(t, e.svc.RevokeAPIKey(ctx, rk.ID), "twice is fine")
	require.Len(t, e.audits(t, ActionAPIKeyRevoke), 1)
	_, err = e.svc.AuthenticateAPIKey(ctx, revoked)
	require.ErrorIs(t, err, ErrAPIKeyRevoked)
	require.ErrorIs(t, e.svc.RevokeAPIKey(ctx, "key_nope"), ErrNotFound)

	_, err = e.svc.AuthenticateAPIKey(ctx, expiring)
	require.NoError(t, err)
	e.clock.Advance(time.Hour)
	_, err = e.svc.AuthenticateAPIKey(ctx, expiring)
	require.ErrorIs(t, err, ErrAPIKeyExpired)

	// Same prefix, other key: the hash decides. And malformed or unknown keys.
	other, _, _ := token.NewAPIKey()
	forged := expiring[:token.PrefixLen] + other[token.PrefixLen:]
	for _, k := range []string{forged, other, "dbk_short", "", "Bearer " + expiring} {
		_, err = e.svc.AuthenticateAPIKey(ctx, k)
		require.ErrorIs(t, err, ErrInvalidAPIKey, "%q", k)
	}
}

func TestAPIKeyLastUsedIsWrittenAtMostOnceAMinute(t *testing.T) {
	e := newEnv(t)
	admin := e.setup(t)
	ctx := as(admin)
	plain, k, err := e.svc.CreateAPIKey(ctx, admin.ID, "ci", perm.NewSet(perm.JobsRun), nil)
	require.NoError(t, err)
	first := e.clock.Now()
	_, err = e.svc.AuthenticateAPIKey(ctx, plain)
	require.NoError(t, err)
	e.clock.Advance(59 * time.Second)
	_, err = e.svc.AuthenticateAPIKey(ctx, plain)
	require.NoError(t, err)
	require.Equal(t, first, e.c.APIKey.GetX(ctx, k.ID).LastUsedAt.UTC())
	e.clock.Advance(time.Second)
	_, err = e.svc.AuthenticateAPIKey(ctx, plain)
	require.NoError(t, err)
	require.Equal(t, e.clock.Now(), e.c.APIKey.GetX(ctx, k.ID).LastUsedAt.UTC())
}
