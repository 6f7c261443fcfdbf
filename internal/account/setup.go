package account

import (
	"context"
	"fmt"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/group"
	"github.com/dbackup/dbackup/ent/user"
	"github.com/dbackup/dbackup/internal/auth/password"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// adminsDescription is the description of the built-in Admins group.
const adminsDescription = "Built in: members hold every permission. It cannot be deleted or renamed and keeps at least one enabled member."

// NeedsSetup reports whether no user exists yet, so the first visitor must create the first
// administrator.
func (s *Service) NeedsSetup(ctx context.Context) (bool, error) {
	ctx = viewer.Privileged(ctx)
	exists, err := s.client.User.Query().Exist(ctx)
	if err != nil {
		return false, fmt.Errorf("check for users: %w", err)
	}
	return !exists, nil
}

// SetupAdmin creates the first user, as a member of the built-in Admins group (created if
// missing). It works only while no user exists: a second call, even a concurrent one, gets
// ErrSetupDone.
func (s *Service) SetupAdmin(ctx context.Context, username string, pw vault.Secret) (*ent.User, error) {
	ctx = viewer.Privileged(ctx)
	name := NormalizeUsername(username)
	if err := ValidateUsername(name); err != nil {
		return nil, err
	}
	if err := password.Validate(pw); err != nil {
		return nil, err
	}
	if needed, err := s.NeedsSetup(ctx); err != nil {
		return nil, err
	} else if !needed {
		return nil, ErrSetupDone // before spending a password hash on it
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return nil, err
	}
	if err := s.EnsureAdminsGroup(viewer.SystemContext(ctx)); err != nil {
		return nil, err
	}
	var u *ent.User
	err = s.withTx(ctx, func(tx *ent.Tx) error {
		// Writing the Admins row first serialises concurrent setups: on PostgreSQL the row lock
		// makes the second transaction wait for the first to commit, and its next statement
		// then sees the first user; SQLite transactions begin IMMEDIATE and never overlap.
		n, err := tx.Group.Update().Where(group.Name(perm.AdminsGroup), group.Builtin(true)).
			SetUpdateTime(s.now()).Save(ctx)
		if err != nil {
			return fmt.Errorf("lock Admins group: %w", err)
		}
		if n != 1 {
			return fmt.Errorf("setup: the %s group is missing", perm.AdminsGroup)
		}
		exists, err := tx.User.Query().Exist(ctx)
		if err != nil {
			return fmt.Errorf("check for users: %w", err)
		}
		if exists {
			return ErrSetupDone
		}
		admins, err := tx.Group.Query().Where(group.Name(perm.AdminsGroup)).Only(ctx)
		if err != nil {
			return fmt.Errorf("load Admins group: %w", err)
		}
		u, err = tx.User.Create().SetUsername(name).SetPasswordHash(hash).AddGroups(admins).Save(ctx)
		if err != nil {
			return fmt.Errorf("create user %q: %w", name, err)
		}
		return s.audit(ctx, tx.Client(), event{
			action: ActionSetup, entityType: entityUser, entityID: string(u.ID),
			fields:  []string{user.FieldUsername, user.FieldPasswordHash, user.EdgeGroups},
			details: map[string]any{"username": name, "groups": []string{perm.AdminsGroup}},
		})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// EnsureAdminsGroup creates the built-in Admins group when it is missing and gives it every
// permission this version knows, so that permissions added by an upgrade reach administrators.
// The server calls it at start-up. A group named Admins that is not built in (which the guard
// no longer allows to be created) is reported rather than taken over.
func (s *Service) EnsureAdminsGroup(ctx context.Context) error {
	ctx = viewer.Privileged(ctx)
	err := s.withTx(ctx, func(tx *ent.Tx) error { return s.ensureAdmins(ctx, tx.Client()) })
	if ent.IsConstraintError(err) {
		// Created concurrently by another caller: check again, now that it is visible.
		err = s.withTx(ctx, func(tx *ent.Tx) error { return s.ensureAdmins(ctx, tx.Client()) })
	}
	return err
}

func (s *Service) ensureAdmins(ctx context.Context, c *ent.Client) error {
	all := perm.AllSet().Strings()
	g, err := c.Group.Query().Where(group.Name(perm.AdminsGroup)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		g, err = c.Group.Create().SetName(perm.AdminsGroup).SetDescription(adminsDescription).
			SetPermissions(all).SetBuiltin(true).Save(ctx)
		if err != nil {
			return fmt.Errorf("create %s group: %w", perm.AdminsGroup, err)
		}
		return s.audit(ctx, c, event{
			action: ActionAdminsEnsured, entityType: entityGroup, entityID: string(g.ID),
			fields: []string{group.FieldName, group.FieldPermissions, group.FieldBuiltin},
		})
	case err != nil:
		return fmt.Errorf("load %s group: %w", perm.AdminsGroup, err)
	case !g.Builtin:
		return fmt.Errorf("a group named %s exists but is not the built-in one: rename it, then restart: %w",
			perm.AdminsGroup, ErrBuiltinGroup)
	}
	if have, err := perm.ParseSet(g.Permissions); err == nil && have == perm.AllSet() && len(g.Permissions) == len(all) {
		return nil // current; unknown or repeated names fall through and are rewritten
	}
	if err := c.Group.UpdateOne(g).SetPermissions(all).Exec(ctx); err != nil {
		return fmt.Errorf("update %s permissions: %w", perm.AdminsGroup, err)
	}
	return s.audit(ctx, c, event{
		action: ActionAdminsEnsured, entityType: entityGroup, entityID: string(g.ID),
		fields: []string{group.FieldPermissions}, details: map[string]any{"permissions": all},
	})
}
