package account

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/group"
	"github.com/dbackup/dbackup/ent/session"
	"github.com/dbackup/dbackup/ent/user"
	"github.com/dbackup/dbackup/internal/auth/password"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/authz"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// MaxUsernameLen is the longest username in characters: room for an e-mail address as a login
// name, short enough for every table and audit line.
const MaxUsernameLen = 64

// NormalizeUsername returns the form usernames are stored, looked up and throttled under:
// trimmed and lower-case, so that "Alice" and "alice " are one account.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidateUsername checks a normalised username: 1 to MaxUsernameLen letters, digits and
// ". _ - @", so that a name cannot hide in spaces, control characters or look-alike punctuation.
func ValidateUsername(name string) error {
	n := utf8.RuneCountInString(name)
	if n == 0 || n > MaxUsernameLen {
		return invalid("username must have 1 to %d characters", MaxUsernameLen)
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("._-@", r) {
			return invalid("username %q may contain only letters, digits and . _ - @", name)
		}
	}
	return nil
}

// NewUser describes a user for CreateUser.
type NewUser struct {
	Username    string
	Password    vault.Secret
	DisplayName string
	Email       string
	// Groups names groups and GroupIDs identifies them; the user joins both, which must exist.
	Groups   []string
	GroupIDs []pulid.ID
}

// CreateUser creates a user with a password (checked against the policy) in existing groups.
// The username is normalised (NormalizeUsername). The caller needs users:write.
func (s *Service) CreateUser(ctx context.Context, in NewUser) (*ent.User, error) {
	if err := authz.Require(ctx, perm.UsersWrite); err != nil {
		return nil, err
	}
	ctx = viewer.Privileged(ctx)
	name := NormalizeUsername(in.Username)
	if err := ValidateUsername(name); err != nil {
		return nil, err
	}
	if err := validateProfile(in.DisplayName, in.Email); err != nil {
		return nil, err
	}
	if err := password.Validate(in.Password); err != nil {
		return nil, err
	}
	hash, err := password.Hash(in.Password)
	if err != nil {
		return nil, err
	}
	var u *ent.User
	err = s.withTx(ctx, func(tx *ent.Tx) error {
		gs, err := groupsOf(ctx, tx.Client(), dedupe(in.Groups), in.GroupIDs)
		if err != nil {
			return err
		}
		u, err = tx.User.Create().SetUsername(name).SetPasswordHash(hash).
			SetDisplayName(in.DisplayName).SetEmail(in.Email).AddGroups(gs...).Save(ctx)
		switch {
		case ent.IsConstraintError(err):
			return fmt.Errorf("create user %q: %w", name, ErrUsernameTaken)
		case err != nil:
			return fmt.Errorf("create user %q: %w", name, err)
		}
		return s.audit(ctx, tx.Client(), event{
			action: ActionUserCreate, entityType: entityUser, entityID: string(u.ID),
			fields:  []string{user.FieldUsername, user.FieldPasswordHash, user.EdgeGroups},
			details: map[string]any{"username": name, "groups": names(gs)},
		})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// groupsOf loads the groups named by names and ids; a missing one is ErrNotFound naming it.
func groupsOf(ctx context.Context, c *ent.Client, names []string, ids []pulid.ID) ([]*ent.Group, error) {
	byName, err := c.Group.Query().Where(group.NameIn(names...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("look up groups: %w", err)
	}
	if len(byName) != len(names) {
		missing := slices.Clone(names)
		for _, g := range byName {
			missing = slices.DeleteFunc(missing, func(n string) bool { return n == g.Name })
		}
		return nil, notFound("group", strings.Join(missing, ", "))
	}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	byID, err := c.Group.Query().Where(group.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("look up groups: %w", err)
	}
	if len(byID) != len(ids) {
		return nil, invalidField("groupIds", "some of the groups do not exist: reload the page and choose again")
	}
	out := byName
	for _, g := range byID {
		if !slices.ContainsFunc(out, func(o *ent.Group) bool { return o.ID == g.ID }) {
			out = append(out, g)
		}
	}
	return out, nil
}

// SetPassword replaces a user's password after checking it against the policy, and signs the
// user out everywhere else: every session of the user ends except the one in ctx
// (NewSessionContext), so that a user changing their own password stays signed in.
// The caller needs users:write; ChangePassword is the self-service path.
func (s *Service) SetPassword(ctx context.Context, userID pulid.ID, pw vault.Secret) error {
	if err := authz.Require(ctx, perm.UsersWrite); err != nil {
		return err
	}
	return s.setPassword(viewer.Privileged(ctx), userID, pw)
}

func (s *Service) setPassword(ctx context.Context, userID pulid.ID, pw vault.Secret) error {
	if err := password.Validate(pw); err != nil {
		return err
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return err
	}
	return s.withTx(ctx, func(tx *ent.Tx) error {
		err := tx.User.UpdateOneID(userID).SetPasswordHash(hash).Exec(ctx)
		switch {
		case ent.IsNotFound(err):
			return notFound("user", userID)
		case err != nil:
			return fmt.Errorf("set password of %s: %w", userID, err)
		}
		del := tx.Session.Delete().Where(session.HasUserWith(user.ID(userID)))
		if keep, ok := SessionFromContext(ctx); ok {
			del.Where(session.IDNEQ(keep))
		}
		n, err := del.Exec(ctx)
		if err != nil {
			return fmt.Errorf("revoke sessions of %s: %w", userID, err)
		}
		return s.audit(ctx, tx.Client(), event{
			action: ActionPasswordSet, entityType: entityUser, entityID: string(userID),
			fields: []string{user.FieldPasswordHash}, details: map[string]any{"sessions_revoked": n},
		})
	})
}

// Permissions returns what the user may do: the union of the permissions of the user's groups,
// and every permission for members of the built-in Admins group. It does not look at whether
// the user is disabled; Authenticate and AuthenticateAPIKey do.
func (s *Service) Permissions(ctx context.Context, userID pulid.ID) (perm.Set, error) {
	ctx = viewer.Privileged(ctx)
	u, err := s.client.User.Query().Where(user.ID(userID)).WithGroups().Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return perm.Set{}, notFound("user", userID)
	case err != nil:
		return perm.Set{}, fmt.Errorf("permissions of %s: %w", userID, err)
	}
	return permissionsOf(u.Edges.Groups), nil
}

// permissionsOf is the union of the groups' permissions. Admins holds every permission whatever
// its stored list says (EnsureAdminsGroup keeps that list current for display). Names this
// version does not know are skipped rather than failing: dropping a permission only denies.
func permissionsOf(groups []*ent.Group) perm.Set {
	var set perm.Set
	for _, g := range groups {
		if g.Builtin && g.Name == perm.AdminsGroup {
			return perm.AllSet()
		}
		for _, name := range g.Permissions {
			if p, err := perm.Parse(name); err == nil {
				set = set.Union(perm.NewSet(p))
			}
		}
	}
	return set
}

func names(gs []*ent.Group) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = g.Name
	}
	return out
}

func dedupe(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}

// UserByName returns the user with the (normalised) username, or ErrNotFound.
func (s *Service) UserByName(ctx context.Context, username string) (*ent.User, error) {
	ctx = viewer.Privileged(ctx)
	name := NormalizeUsername(username)
	u, err := s.client.User.Query().Where(user.Username(name)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return nil, notFound("user", fmt.Sprintf("%q", name))
	case err != nil:
		return nil, fmt.Errorf("look up user %q: %w", name, err)
	}
	return u, nil
}
