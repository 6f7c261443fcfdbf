package authz

import (
	"context"

	entgo "entgo.io/ent"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/apikey"
	"github.com/dbackup/dbackup/ent/privacy"
	"github.com/dbackup/dbackup/ent/session"
	"github.com/dbackup/dbackup/ent/user"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/viewer"
)

// decide turns Require into a privacy decision: Allow, or the denial error itself, which ent
// returns to the caller unchanged.
func decide(ctx context.Context, p perm.Permission) error {
	if err := Require(ctx, p); err != nil {
		return err
	}
	return privacy.Allow
}

// ReadWrite is the policy of an entity that is read with one permission and written with
// another, such as sources:read and sources:write.
func ReadWrite(read, write perm.Permission) entgo.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{privacy.QueryRuleFunc(func(ctx context.Context, _ entgo.Query) error {
			return decide(ctx, read)
		})},
		Mutation: privacy.MutationPolicy{privacy.MutationRuleFunc(func(ctx context.Context, _ entgo.Mutation) error {
			return decide(ctx, write)
		})},
	}
}

// SystemWrites is the policy of an entity that viewers read with read but only DBackup itself
// writes (the audit log): mutations need a system or privileged context.
func SystemWrites(read perm.Permission) entgo.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{privacy.QueryRuleFunc(func(ctx context.Context, _ entgo.Query) error {
			return decide(ctx, read)
		})},
		Mutation: privacy.MutationPolicy{privacy.MutationRuleFunc(systemOnly)},
	}
}

// SystemOnly is the policy of internal bookkeeping (the key check): no viewer reads or writes
// it directly.
func SystemOnly() entgo.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.QueryRuleFunc(func(ctx context.Context, _ entgo.Query) error { return systemOnly(ctx, nil) })},
		Mutation: privacy.MutationPolicy{privacy.MutationRuleFunc(systemOnly)},
	}
}

func systemOnly(ctx context.Context, _ entgo.Mutation) error {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return ErrUnauthenticated
	case !v.System:
		return &ForbiddenError{Permission: "system"}
	}
	return privacy.Allow
}

// UserPolicy lets viewers with users:read read every user and anyone signed in read their own
// row; writes need users:write.
func UserPolicy() entgo.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{privacy.UserQueryRuleFunc(func(ctx context.Context, q *ent.UserQuery) error {
			return ownOr(ctx, perm.UsersRead, func(id pulid.ID) { q.Where(user.ID(id)) })
		})},
		Mutation: privacy.MutationPolicy{privacy.MutationRuleFunc(func(ctx context.Context, _ entgo.Mutation) error {
			return decide(ctx, perm.UsersWrite)
		})},
	}
}

// APIKeyPolicy lets viewers with apikeys:read read their own keys, and with users:read too
// everyone's; writes need apikeys:write (the account service checks ownership).
func APIKeyPolicy() entgo.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{privacy.APIKeyQueryRuleFunc(func(ctx context.Context, q *ent.APIKeyQuery) error {
			if err := Require(ctx, perm.APIKeysRead); err != nil {
				return err
			}
			return ownOr(ctx, perm.UsersRead, func(id pulid.ID) { q.Where(apikey.HasOwnerWith(user.ID(id))) })
		})},
		Mutation: privacy.MutationPolicy{privacy.MutationRuleFunc(func(ctx context.Context, _ entgo.Mutation) error {
			return decide(ctx, perm.APIKeysWrite)
		})},
	}
}

// SessionPolicy lets a signed-in viewer read their own sessions; only the account service
// (privileged) creates, touches and deletes them.
func SessionPolicy() entgo.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{privacy.SessionQueryRuleFunc(func(ctx context.Context, q *ent.SessionQuery) error {
			return ownOr(ctx, "system", func(id pulid.ID) { q.Where(session.HasUserWith(user.ID(id))) })
		})},
		Mutation: privacy.MutationPolicy{privacy.MutationRuleFunc(systemOnly)},
	}
}

// ownOr allows every row to system contexts and viewers holding all, and otherwise limits the
// query to the signed-in user's own rows with restrict.
func ownOr(ctx context.Context, all perm.Permission, restrict func(userID pulid.ID)) error {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return ErrUnauthenticated
	case v.System || v.Can(all):
		return privacy.Allow
	case v.UserID == "":
		return &ForbiddenError{Permission: all}
	}
	restrict(pulid.ID(v.UserID))
	return privacy.Allow
}
