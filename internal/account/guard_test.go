package account

import (
	"context"
	"testing"

	"github.com/dbackup/dbackup/internal/viewer"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/group"
	"github.com/dbackup/dbackup/ent/user"
	"github.com/dbackup/dbackup/internal/auth/perm"
)

func TestAdminsGroupCannotBeDeletedRenamedOrNarrowed(t *testing.T) {
	e := newEnv(t)
	e.setup(t)
	ctx := viewer.SystemContext(context.Background())
	admins := e.c.Group.Query().Where(group.Name(perm.AdminsGroup)).OnlyX(ctx)
	other := e.group(t, "Operators", perm.JobsRun)

	tests := []struct {
		name string
		run  func() error
	}{
		{"delete one", func() error { return e.c.Group.DeleteOne(admins).Exec(ctx) }},
		{"bulk delete", func() error { _, err := e.c.Group.Delete().Exec(ctx); return err }},
		{"rename", func() error { return e.c.Group.UpdateOne(admins).SetName("Root").Exec(ctx) }},
		{"bulk rename", func() error {
			return e.c.Group.Update().Where(group.Name(perm.AdminsGroup)).SetName("Root").Exec(ctx)
		}},
		{"narrow permissions", func() error {
			return e.c.Group.UpdateOne(admins).SetPermissions([]string{string(perm.SourcesRead)}).Exec(ctx)
		}},
		{"clear permissions", func() error { return e.c.Group.UpdateOne(admins).ClearPermissions().Exec(ctx) }},
		{"take the name", func() error { return e.c.Group.UpdateOne(other).SetName(perm.AdminsGroup).Exec(ctx) }},
		{"create a second Admins", func() error {
			return e.c.Group.Create().SetName(perm.AdminsGroup).Exec(ctx)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.ErrorIs(t, tt.run(), ErrBuiltinGroup)
		})
	}
	got := e.c.Group.GetX(ctx, admins.ID)
	require.Equal(t, perm.AdminsGroup, got.Name)
	require.True(t, got.Builtin)
	require.ElementsMatch(t, perm.AllSet().Strings(), got.Permissions)

	// Ordinary groups are ordinary.
	require.NoError(t, e.c.Group.UpdateOne(other).SetName("Ops").SetDescription("x").Exec(ctx))
	require.NoError(t, e.c.Group.DeleteOne(other).Exec(ctx))
	require.NoError(t, e.c.Group.UpdateOne(admins).SetDescription("the admins").Exec(ctx))
}

func TestLastAdminCannotLeaveBeDisabledOrDeleted(t *testing.T) {
	e := newEnv(t)
	admin := e.setup(t)
	ctx := viewer.SystemContext(context.Background())
	admins := e.c.Group.Query().Where(group.Name(perm.AdminsGroup)).OnlyX(ctx)
	bob := e.user(t, "bob") // not an administrator

	lose := []struct {
		name string
		run  func() error
	}{
		{"disable", func() error { return e.c.User.UpdateOne(admin).SetDisabled(true).Exec(ctx) }},
		{"bulk disable", func() error { return e.c.User.Update().SetDisabled(true).Exec(ctx) }},
		{"remove from group, user side", func() error { return e.c.User.UpdateOne(admin).RemoveGroups(admins).Exec(ctx) }},
		{"clear groups", func() error { return e.c.User.UpdateOne(admin).ClearGroups().Exec(ctx) }},
		{"remove from group, group side", func() error { return e.c.Group.UpdateOne(admins).RemoveUsers(admin).Exec(ctx) }},
		{"clear members", func() error { return e.c.Group.UpdateOne(admins).ClearUsers().Exec(ctx) }},
		{"delete", func() error { return e.c.User.DeleteOne(admin).Exec(ctx) }},
		{"bulk delete", func() error { _, err := e.c.User.Delete().Exec(ctx); return err }},
		{"in a transaction", func() error {
			tx, err := e.c.Tx(ctx)
			require.NoError(t, err)
			defer tx.Rollback()
			return tx.User.UpdateOneID(admin.ID).SetDisabled(true).Exec(ctx)
		}},
	}
	for _, tt := range lose {
		t.Run(tt.name, func(t *testing.T) {
			require.ErrorIs(t, tt.run(), ErrLastAdmin)
			got := e.c.User.Query().Where(user.ID(admin.ID)).WithGroups().OnlyX(ctx)
			require.False(t, got.Disabled)
			require.Len(t, got.Edges.Groups, 1)
		})
	}

	// Changes that leave an enabled administrator are allowed.
	require.NoError(t, e.c.User.UpdateOne(bob).SetDisabled(true).Exec(ctx))
	require.NoError(t, e.c.User.UpdateOne(bob).SetDisabled(false).AddGroups(admins).Exec(ctx))
	require.NoError(t, e.c.User.UpdateOne(admin).SetDisabled(true).Exec(ctx))
	// bob is now the only enabled one; a disabled member does not count.
	require.ErrorIs(t, e.c.Group.UpdateOne(admins).RemoveUsers(bob).Exec(ctx), ErrLastAdmin)
	require.ErrorIs(t, e.c.User.Update().Where(user.Username("bob")).SetDisabled(true).Exec(ctx), ErrLastAdmin)
	require.NoError(t, e.c.Group.UpdateOne(admins).RemoveUsers(admin).Exec(ctx))
	require.NoError(t, e.c.User.DeleteOne(admin).Exec(ctx))
	require.Equal(t, []string{"bob"}, admins.QueryUsers().Select(user.FieldUsername).StringsX(ctx))
}

func TestAdminsAlwaysHoldEveryPermission(t *testing.T) {
	groups := []*ent.Group{{Name: perm.AdminsGroup, Builtin: true}}
	require.Equal(t, perm.AllSet(), permissionsOf(groups), "whatever the stored list says")
	groups = []*ent.Group{{Name: perm.AdminsGroup, Builtin: false, Permissions: []string{"sources:read"}}}
	require.Equal(t, perm.NewSet(perm.SourcesRead), permissionsOf(groups), "only the built-in group")
	groups = []*ent.Group{{Permissions: []string{"sources:read", "gone:permission"}}, {Permissions: []string{"jobs:run"}}}
	require.Equal(t, perm.NewSet(perm.SourcesRead, perm.JobsRun), permissionsOf(groups), "unknown names deny")
}
