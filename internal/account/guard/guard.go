package guard

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/group"
	"github.com/dbackup/dbackup/ent/user"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/pulid"
)

// Errors of the hooks; internal/account re-exports them.
var (
	// ErrLastAdmin refuses a change that would leave the Admins group without an enabled member,
	// and with it nobody able to manage users.
	ErrLastAdmin = errors.New("the Admins group must keep at least one enabled member: add or enable another administrator first")
	// ErrBuiltinGroup refuses deleting or renaming a built-in group, changing the Admins group's
	// permissions, or giving another group the Admins name.
	ErrBuiltinGroup = errors.New("built-in groups cannot be deleted or renamed, and Admins always holds every permission")
)

// adminsMembers selects the enabled members of the built-in Admins group.
func adminsMembers(c *ent.Client) *ent.UserQuery {
	return c.User.Query().Where(
		user.Disabled(false),
		user.HasGroupsWith(group.Name(perm.AdminsGroup), group.Builtin(true)),
	)
}

// checkLeaving refuses when every enabled member of Admins is among leaving (or everyone leaves),
// so that the change would leave none. A group without an enabled member, before setup, is not
// protected: there is nothing to keep.
func checkLeaving(ctx context.Context, c *ent.Client, leaving []pulid.ID, everyone bool) error {
	// Writing the Admins row first takes its row lock, so that two transactions that each
	// remove a different administrator run this check one after the other: on PostgreSQL
	// (read committed) the second one then counts the members the first one left. SQLite
	// allows one writer at a time anyway.
	if err := c.Group.Update().Where(group.Name(perm.AdminsGroup), group.Builtin(true)).
		SetUpdateTime(time.Now()).Exec(ctx); err != nil {
		return fmt.Errorf("lock Admins group: %w", err)
	}
	members, err := adminsMembers(c).IDs(ctx)
	if err != nil {
		return fmt.Errorf("check Admins members: %w", err)
	}
	if len(members) == 0 {
		return nil
	}
	for _, id := range members {
		if !everyone && !slices.Contains(leaving, id) {
			return nil
		}
	}
	return ErrLastAdmin
}

// allPermissions reports whether names is exactly every permission.
func allPermissions(names []string) bool {
	s, err := perm.ParseSet(names)
	return err == nil && s == perm.AllSet()
}
