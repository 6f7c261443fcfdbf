package account

import (
	"context"
	"fmt"
	"net/mail"
	"unicode/utf8"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/apikey"
	"github.com/dbackup/dbackup/ent/session"
	"github.com/dbackup/dbackup/ent/user"
	"github.com/dbackup/dbackup/internal/auth/password"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/authz"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// Audit actions of user management.
const (
	ActionUserUpdate    = "user.update"
	ActionUserDelete    = "user.delete"
	ActionTOTPReset     = "user.totp.reset"
	ActionPasswordCheck = "user.password.failed"
)

// maxDisplayNameLen bounds a display name, shown in the header and tables.
const maxDisplayNameLen = 100

// UserChanges are the fields UpdateUser changes; nil fields keep their value.
type UserChanges struct {
	DisplayName *string
	Email       *string
	Disabled    *bool
	// GroupIDs replaces the user's groups.
	GroupIDs *[]pulid.ID
}

// UpdateUser changes a user's profile, enabled state or groups. Disabling a user ends their
// sessions at once; the Admins guard keeps an enabled administrator (ErrLastAdmin). The caller
// needs users:write.
func (s *Service) UpdateUser(ctx context.Context, id pulid.ID, c UserChanges) (*ent.User, error) {
	if err := authz.Require(ctx, perm.UsersWrite); err != nil {
		return nil, err
	}
	ctx = viewer.Privileged(ctx)
	var u *ent.User
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		old, err := tx.User.Get(ctx, id)
		switch {
		case ent.IsNotFound(err):
			return notFound("user", id)
		case err != nil:
			return fmt.Errorf("load user %s: %w", id, err)
		}
		upd := tx.User.UpdateOne(old)
		var fields []string
		if c.DisplayName != nil && *c.DisplayName != old.DisplayName {
			upd.SetDisplayName(*c.DisplayName)
			fields = append(fields, user.FieldDisplayName)
		}
		if c.Email != nil && *c.Email != old.Email {
			upd.SetEmail(*c.Email)
			fields = append(fields, user.FieldEmail)
		}
		if err := validateProfile(deref(c.DisplayName), deref(c.Email)); err != nil {
			return err
		}
		if c.Disabled != nil && *c.Disabled != old.Disabled {
			upd.SetDisabled(*c.Disabled)
			fields = append(fields, user.FieldDisabled)
		}
		if c.GroupIDs != nil {
			gs, err := groupsOf(ctx, tx.Client(), nil, *c.GroupIDs)
			if err != nil {
				return err
			}
			upd.ClearGroups().AddGroups(gs...)
			fields = append(fields, user.EdgeGroups)
		}
		if u, err = upd.Save(ctx); err != nil {
			return fmt.Errorf("update user %s: %w", old.Username, err)
		}
		if u.Disabled {
			if _, err := tx.Session.Delete().Where(session.HasUserWith(user.ID(id))).Exec(ctx); err != nil {
				return fmt.Errorf("end sessions of %s: %w", old.Username, err)
			}
		}
		return s.audit(ctx, tx.Client(), event{
			action: ActionUserUpdate, entityType: entityUser, entityID: string(id), fields: fields,
			details: map[string]any{"username": old.Username},
		})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// DeleteUser deletes a user with their sessions and API keys. The Admins guard refuses to
// delete the last enabled administrator. The caller needs users:write.
func (s *Service) DeleteUser(ctx context.Context, id pulid.ID) error {
	if err := authz.Require(ctx, perm.UsersWrite); err != nil {
		return err
	}
	ctx = viewer.Privileged(ctx)
	return s.withTx(ctx, func(tx *ent.Tx) error {
		u, err := tx.User.Get(ctx, id)
		switch {
		case ent.IsNotFound(err):
			return notFound("user", id)
		case err != nil:
			return fmt.Errorf("load user %s: %w", id, err)
		}
		keys, err := tx.APIKey.Delete().Where(apikey.HasOwnerWith(user.ID(id))).Exec(ctx)
		if err != nil {
			return fmt.Errorf("delete API keys of %s: %w", u.Username, err)
		}
		if err := tx.User.DeleteOne(u).Exec(ctx); err != nil {
			return fmt.Errorf("delete user %s: %w", u.Username, err)
		}
		return s.audit(ctx, tx.Client(), event{
			action: ActionUserDelete, entityType: entityUser, entityID: string(id),
			details: map[string]any{"username": u.Username, "api_keys_deleted": keys},
		})
	})
}

// ResetTOTP turns off another user's two-factor sign-in, for a user who lost their device.
// The caller needs users:write.
func (s *Service) ResetTOTP(ctx context.Context, id pulid.ID) error {
	if err := authz.Require(ctx, perm.UsersWrite); err != nil {
		return err
	}
	return s.disableTOTP(viewer.Privileged(ctx), id, ActionTOTPReset)
}

// CheckPassword returns nil when pw is the user's password and ErrInvalidCredentials
// otherwise, for operations that ask for it again (changing it, turning two-factor off). A
// wrong password is audited.
func (s *Service) CheckPassword(ctx context.Context, userID pulid.ID, pw vault.Secret) error {
	ctx = viewer.Privileged(ctx)
	u, err := s.user(ctx, s.client, userID)
	if err != nil {
		return err
	}
	if ok, _, err := password.Verify(pw, u.PasswordHash); err == nil && ok {
		return nil
	}
	if err := s.audit(ctx, s.client, event{
		action: ActionPasswordCheck, entityType: entityUser, entityID: string(userID),
	}); err != nil {
		return err
	}
	return ErrInvalidCredentials
}

// ChangePassword replaces the user's own password after checking the current one, and ends
// every other session of the user (the one in ctx stays, see NewSessionContext).
func (s *Service) ChangePassword(ctx context.Context, userID pulid.ID, current, next vault.Secret) error {
	if err := s.CheckPassword(ctx, userID, current); err != nil {
		return err
	}
	return s.setPassword(viewer.Privileged(ctx), userID, next)
}

func validateProfile(displayName, email string) error {
	if utf8.RuneCountInString(displayName) > maxDisplayNameLen {
		return invalidField("displayName", "display name must have at most %d characters", maxDisplayNameLen)
	}
	if email != "" {
		if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
			return invalidField("email", "%q is not an e-mail address like name@example.com", email)
		}
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
