package account

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/group"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/authz"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/viewer"
)

// Audit actions of group management.
const (
	ActionGroupCreate = "group.create"
	ActionGroupUpdate = "group.update"
	ActionGroupDelete = "group.delete"
)

// Limits of group fields: short enough for a table cell and an audit line.
const (
	maxGroupNameLen        = 64
	maxGroupDescriptionLen = 500
)

// GroupChanges are the fields UpdateGroup changes; nil fields keep their value.
type GroupChanges struct {
	Name        *string
	Description *string
	Permissions *[]string
	// UserIDs replaces the members.
	UserIDs *[]pulid.ID
}

// CreateGroup creates a group holding permissions, which must all be known names. The caller
// needs groups:write.
func (s *Service) CreateGroup(ctx context.Context, name, description string, permissions []string) (*ent.Group, error) {
	if err := authz.Require(ctx, perm.GroupsWrite); err != nil {
		return nil, err
	}
	ctx = viewer.Privileged(ctx)
	name = strings.TrimSpace(name)
	if err := validateGroup(name, description); err != nil {
		return nil, err
	}
	set, err := parsePermissions(permissions)
	if err != nil {
		return nil, err
	}
	var g *ent.Group
	err = s.withTx(ctx, func(tx *ent.Tx) error {
		g, err = tx.Group.Create().SetName(name).SetDescription(description).SetPermissions(set.Strings()).Save(ctx)
		switch {
		case ent.IsConstraintError(err):
			return invalidGroupName(name)
		case err != nil:
			return fmt.Errorf("create group %q: %w", name, err)
		}
		return s.audit(ctx, tx.Client(), event{
			action: ActionGroupCreate, entityType: entityGroup, entityID: string(g.ID),
			fields:  []string{group.FieldName, group.FieldDescription, group.FieldPermissions},
			details: map[string]any{"name": name, "permissions": set.Strings()},
		})
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// UpdateGroup changes a group. The built-in Admins group cannot be renamed or narrowed, and
// keeps an enabled member (the guard hooks refuse with ErrBuiltinGroup, ErrLastAdmin). The
// caller needs groups:write.
func (s *Service) UpdateGroup(ctx context.Context, id pulid.ID, c GroupChanges) (*ent.Group, error) {
	if err := authz.Require(ctx, perm.GroupsWrite); err != nil {
		return nil, err
	}
	ctx = viewer.Privileged(ctx)
	var g *ent.Group
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		old, err := tx.Group.Get(ctx, id)
		switch {
		case ent.IsNotFound(err):
			return notFound("group", id)
		case err != nil:
			return fmt.Errorf("load group %s: %w", id, err)
		}
		upd := tx.Group.UpdateOne(old)
		var fields []string
		name, desc := old.Name, old.Description
		if c.Name != nil && strings.TrimSpace(*c.Name) != old.Name {
			name = strings.TrimSpace(*c.Name)
			upd.SetName(name)
			fields = append(fields, group.FieldName)
		}
		if c.Description != nil && *c.Description != old.Description {
			desc = *c.Description
			upd.SetDescription(desc)
			fields = append(fields, group.FieldDescription)
		}
		if err := validateGroup(name, desc); err != nil {
			return err
		}
		if c.Permissions != nil {
			set, err := parsePermissions(*c.Permissions)
			if err != nil {
				return err
			}
			upd.SetPermissions(set.Strings())
			fields = append(fields, group.FieldPermissions)
		}
		if c.UserIDs != nil {
			upd.ClearUsers().AddUserIDs(*c.UserIDs...)
			fields = append(fields, group.EdgeUsers)
		}
		g, err = upd.Save(ctx)
		switch {
		case ent.IsConstraintError(err):
			return invalidGroupName(name)
		case err != nil:
			return fmt.Errorf("update group %s: %w", id, err)
		}
		return s.audit(ctx, tx.Client(), event{
			action: ActionGroupUpdate, entityType: entityGroup, entityID: string(id), fields: fields,
			details: map[string]any{"name": name},
		})
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// DeleteGroup deletes a group that is not built in; its members stay, without its permissions.
// The caller needs groups:write.
func (s *Service) DeleteGroup(ctx context.Context, id pulid.ID) error {
	if err := authz.Require(ctx, perm.GroupsWrite); err != nil {
		return err
	}
	ctx = viewer.Privileged(ctx)
	return s.withTx(ctx, func(tx *ent.Tx) error {
		g, err := tx.Group.Get(ctx, id)
		switch {
		case ent.IsNotFound(err):
			return notFound("group", id)
		case err != nil:
			return fmt.Errorf("load group %s: %w", id, err)
		case g.Builtin:
			return fmt.Errorf("delete group %q: %w", g.Name, ErrBuiltinGroup)
		}
		if err := tx.Group.DeleteOne(g).Exec(ctx); err != nil {
			return fmt.Errorf("delete group %q: %w", g.Name, err)
		}
		return s.audit(ctx, tx.Client(), event{
			action: ActionGroupDelete, entityType: entityGroup, entityID: string(id),
			details: map[string]any{"name": g.Name},
		})
	})
}

func validateGroup(name, description string) error {
	if n := utf8.RuneCountInString(name); n == 0 || n > maxGroupNameLen {
		return invalidField("name", "group name must have 1 to %d characters", maxGroupNameLen)
	}
	if utf8.RuneCountInString(description) > maxGroupDescriptionLen {
		return invalidField("description", "group description must have at most %d characters", maxGroupDescriptionLen)
	}
	return nil
}

func invalidGroupName(name string) error {
	return fmt.Errorf("group name %q: %w: choose another name", name, ErrNameTaken)
}

// parsePermissions checks permission names; an unknown one is an error naming the field.
func parsePermissions(names []string) (perm.Set, error) {
	set, err := perm.ParseSet(names)
	if err != nil {
		return perm.Set{}, invalidField("permissions", "%v", err)
	}
	return set, nil
}
