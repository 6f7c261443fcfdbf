package account

import (
	"context"
	"sync"
	"testing"

	"github.com/dbackup/dbackup/internal/viewer"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/ent/group"
	"github.com/dbackup/dbackup/internal/auth/password"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/database"
	"github.com/dbackup/dbackup/internal/testutil/pgtest"
	"github.com/dbackup/dbackup/internal/vault"
)

func TestSetupOnceThenErrSetupDone(t *testing.T) {
	e := newEnv(t)
	ctx := sys()
	needs, err := e.svc.NeedsSetup(ctx)
	require.NoError(t, err)
	require.True(t, needs)

	_, err = e.svc.SetupAdmin(ctx, "admin", vault.NewSecret("short"))
	require.ErrorIs(t, err, password.ErrTooShort)
	_, err = e.svc.SetupAdmin(ctx, "ad min", vault.NewSecret(adminPassword))
	require.ErrorIs(t, err, ErrInvalidInput)

	u, err := e.svc.SetupAdmin(ctx, "  Admin ", vault.NewSecret(adminPassword))
	require.NoError(t, err)
	require.Equal(t, "admin", u.Username, "stored normalised")
	admins := e.c.Group.Query().Where(group.Name(perm.AdminsGroup)).OnlyX(ctx)
	require.True(t, admins.Builtin)
	require.ElementsMatch(t, perm.AllSet().Strings(), admins.Permissions)
	require.Equal(t, []string{u.Username}, admins.QueryUsers().Select("username").StringsX(ctx))
	ps, err := e.svc.Permissions(ctx, u.ID)
	require.NoError(t, err)
	require.Equal(t, perm.AllSet(), ps)

	needs, err = e.svc.NeedsSetup(ctx)
	require.NoError(t, err)
	require.False(t, needs)
	_, err = e.svc.SetupAdmin(ctx, "second", vault.NewSecret(adminPassword))
	require.ErrorIs(t, err, ErrSetupDone)
	require.Equal(t, 1, e.c.User.Query().CountX(ctx))
	require.Len(t, e.audits(t, ActionSetup), 1)
}

func TestConcurrentSetupCreatesOneUser(t *testing.T) {
	pg, err := database.ParseURL(pgtest.NewDatabase(t))
	require.NoError(t, err)
	for name, e := range map[string]*env{"sqlite": newEnv(t), "postgres": openEnv(t, pg)} {
		t.Run(name, func(t *testing.T) {
			const callers = 6 // password hashes finish in pairs (two argon2 slots), so transactions overlap
			var wg sync.WaitGroup
			errs := make([]error, callers)
			for i := range callers {
				wg.Go(func() {
					_, errs[i] = e.svc.SetupAdmin(sys(), "admin"+string(rune('a'+i)), vault.NewSecret(adminPassword))
				})
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				if err == nil {
					ok++
					continue
				}
				require.ErrorIs(t, err, ErrSetupDone)
			}
			require.Equal(t, 1, ok)
			require.Equal(t, 1, e.c.User.Query().CountX(viewer.SystemContext(context.Background())))
			require.Equal(t, 1, e.c.Group.Query().CountX(viewer.SystemContext(context.Background())), "one Admins group")
		})
	}
}

func TestEnsureAdminsGroupRestoresEveryPermission(t *testing.T) {
	e := newEnv(t)
	ctx := sys()
	require.NoError(t, e.svc.EnsureAdminsGroup(ctx))
	require.NoError(t, e.svc.EnsureAdminsGroup(ctx))
	require.Len(t, e.audits(t, ActionAdminsEnsured), 1, "a current group is left alone")

	// An older version knew fewer permissions; the guard refuses this through ent.
	_, err := e.db.Exec(`UPDATE groups SET permissions = '["sources:read"]' WHERE name = 'Admins'`)
	require.NoError(t, err)
	require.NoError(t, e.svc.EnsureAdminsGroup(ctx))
	g := e.c.Group.Query().Where(group.Name(perm.AdminsGroup)).OnlyX(ctx)
	require.ElementsMatch(t, perm.AllSet().Strings(), g.Permissions)
	require.Len(t, e.audits(t, ActionAdminsEnsured), 2)
}
