package guard

import (
	"context"
	"fmt"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/group"
	"github.com/dbackup/dbackup/ent/hook"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/viewer"
)

// GroupHook protects built-in groups and the Admins group's members on every group mutation.
func GroupHook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.GroupFunc(func(ctx context.Context, m *ent.GroupMutation) (ent.Value, error) {
			if err := checkGroup(ctx, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}
}

// UserHook keeps an enabled member in Admins on every user mutation.
func UserHook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.UserFunc(func(ctx context.Context, m *ent.UserMutation) (ent.Value, error) {
			if err := checkUser(ctx, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}
}

func checkGroup(ctx context.Context, m *ent.GroupMutation) error {
	// The guard reads Admins members whatever the mutating viewer may read.
	ctx = viewer.Privileged(ctx)
	name, renamed := m.Name()
	if m.Op().Is(ent.OpCreate) {
		if builtin, _ := m.Builtin(); renamed && name == perm.AdminsGroup && !builtin {
			return fmt.Errorf("create group %q: %w", name, ErrBuiltinGroup)
		}
		return nil
	}
	builtinSet := false
	if _, ok := m.Builtin(); ok {
		builtinSet = true
	}
	perms, permsSet := m.Permissions()
	removed := m.RemovedUsersIDs()
	relevant := m.Op().Is(ent.OpDelete|ent.OpDeleteOne) || renamed || builtinSet || permsSet ||
		m.PermissionsCleared() || m.UsersCleared() || len(removed) > 0
	if !relevant {
		return nil
	}
	ids, err := m.IDs(ctx)
	if err != nil {
		return fmt.Errorf("check groups: %w", err)
	}
	groups, err := m.Client().Group.Query().Where(group.IDIn(ids...)).All(ctx)
	if err != nil {
		return fmt.Errorf("check groups: %w", err)
	}
	for _, g := range groups {
		admins := g.Builtin && g.Name == perm.AdminsGroup
		switch {
		case g.Builtin && m.Op().Is(ent.OpDelete|ent.OpDeleteOne):
			return fmt.Errorf("delete group %q: %w", g.Name, ErrBuiltinGroup)
		case g.Builtin && renamed && name != g.Name:
			return fmt.Errorf("rename group %q: %w", g.Name, ErrBuiltinGroup)
		case !g.Builtin && renamed && name == perm.AdminsGroup:
			return fmt.Errorf("rename group %q to %q: %w", g.Name, name, ErrBuiltinGroup)
		case g.Builtin && builtinSet:
			return fmt.Errorf("change builtin flag of group %q: %w", g.Name, ErrBuiltinGroup)
		case admins && (m.PermissionsCleared() || permsSet && !allPermissions(perms)):
			return fmt.Errorf("change permissions of group %q: %w", g.Name, ErrBuiltinGroup)
		}
		if !admins {
			continue
		}
		if m.UsersCleared() || len(removed) > 0 {
			if err := checkLeaving(ctx, m.Client(), removed, m.UsersCleared()); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkUser(ctx context.Context, m *ent.UserMutation) error {
	ctx = viewer.Privileged(ctx)
	if m.Op().Is(ent.OpCreate) {
		return nil
	}
	leaving := m.Op().Is(ent.OpDelete|ent.OpDeleteOne) || m.GroupsCleared()
	if disabled, ok := m.Disabled(); ok && disabled {
		leaving = true
	}
	if removed := m.RemovedGroupsIDs(); !leaving && len(removed) > 0 {
		admins, err := m.Client().Group.Query().
			Where(group.Name(perm.AdminsGroup), group.Builtin(true), group.IDIn(removed...)).Exist(ctx)
		if err != nil {
			return fmt.Errorf("check Admins members: %w", err)
		}
		leaving = admins
	}
	if !leaving {
		return nil
	}
	ids, err := m.IDs(ctx)
	if err != nil {
		return fmt.Errorf("check users: %w", err)
	}
	return checkLeaving(ctx, m.Client(), ids, false)
}
