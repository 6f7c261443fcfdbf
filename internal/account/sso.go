package account

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/group"
	"github.com/dbackup/dbackup/ent/setting"
	"github.com/dbackup/dbackup/ent/user"
	"github.com/dbackup/dbackup/internal/audit"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/authz"
	"github.com/dbackup/dbackup/internal/oidcauth"
	"github.com/dbackup/dbackup/internal/viewer"
)

// Errors of single sign-on; each is refused with its own page, never silently.
var (
	// ErrNotProvisioned refuses an identity no user is linked to, when the provider does not
	// create users.
	ErrNotProvisioned = errors.New("no DBackup account is linked to this identity and automatic account creation is off: ask an administrator")
	// ErrEmailNotVerified refuses linking to an existing user by an e-mail the provider does not
	// vouch for.
	ErrEmailNotVerified = errors.New("an account with this e-mail exists, but the provider does not say the e-mail is verified, so it was not linked")
	// ErrLocalLoginDisabled refuses a password sign-in of a user who is not an administrator
	// while password sign-in is for administrators only.
	ErrLocalLoginDisabled = errors.New("password sign-in is turned off for this account: use single sign-on")
)

// Audit actions of single sign-on.
const (
	ActionSSOProvision = "user.sso.provision"
	ActionSSOLink      = "user.sso.link"
	ActionSSOGroups    = "user.sso.groups"
	ActionLocalLogin   = "settings.localLogin"
)

// SSOLogin is a sign-in whose identity a provider vouched for in a verified ID token.
type SSOLogin struct {
	Provider      oidcauth.Provider
	Identity      oidcauth.Identity
	IP, UserAgent string
}

// LoginSSO signs in the user linked to in.Identity by (issuer, subject), creating the session as
// a password sign-in does. A first sign-in links to the user with the same e-mail when the
// provider allows it and the e-mail is verified (ErrEmailNotVerified when it is not), or
// creates a user when the provider auto-provisions (ErrNotProvisioned when it does not). The
// e-mail domain is checked first (oidcauth.ErrDomainNotAllowed). Groups named by the provider's
// mapping are set at every sign-in: mapped groups the claim lists are added, the others
// removed; groups outside the mapping are left alone. Every outcome is audited.
func (s *Service) LoginSSO(ctx context.Context, in SSOLogin) (LoginResult, error) {
	ctx = viewer.Privileged(ctx)
	p, id := in.Provider, in.Identity
	if err := oidcauth.CheckDomain(p, id); err != nil {
		return s.ssoFail(ctx, in, nil, err)
	}
	plain, tokenHash, err := s.opts.Tokens.NewSessionToken()
	if err != nil {
		return LoginResult{}, fmt.Errorf("sso sign in: %w", err)
	}
	now := s.now()
	var (
		u    *ent.User
		sess *ent.Session
	)
	err = s.withTx(ctx, func(tx *ent.Tx) error {
		var err error
		if u, err = s.ssoUser(ctx, tx, in); err != nil {
			return err
		}
		if u.Disabled {
			return ErrDisabled
		}
		if err := s.syncSSOGroups(ctx, tx, u, p, id); err != nil {
			return err
		}
		if u, err = tx.User.UpdateOne(u).SetLastLoginAt(now).Save(ctx); err != nil {
			return fmt.Errorf("record sign-in: %w", err)
		}
		if sess, err = s.createSession(ctx, tx, u, tokenHash, now, in.IP, in.UserAgent); err != nil {
			return err
		}
		return s.audit(ctx, tx.Client(), event{
			action: ActionLogin, entityType: entityUser, entityID: string(u.ID),
			fields: []string{user.FieldLastLoginAt}, ip: in.IP, userAgent: in.UserAgent,
			details: map[string]any{"username": u.Username, "session_id": string(sess.ID), "method": "sso", "provider": p.Name},
		})
	})
	if err != nil {
		if errors.Is(err, ErrNotProvisioned) || errors.Is(err, ErrEmailNotVerified) || errors.Is(err, ErrDisabled) {
			return s.ssoFail(ctx, in, u, err)
		}
		return LoginResult{}, fmt.Errorf("sso sign in: %w", err)
	}
	return LoginResult{Token: plain, Session: sess, User: u}, nil
}

// ssoUser finds, links or creates the user of a sign-in inside tx.
func (s *Service) ssoUser(ctx context.Context, tx *ent.Tx, in SSOLogin) (*ent.User, error) {
	p, id := in.Provider, in.Identity
	u, err := tx.User.Query().Where(user.OidcIssuer(id.Issuer), user.OidcSubject(id.Subject)).Only(ctx)
	if err == nil || !ent.IsNotFound(err) {
		return u, err
	}
	if email := strings.TrimSpace(id.Email); email != "" && p.LinkByVerifiedEmail {
		same, err := tx.User.Query().Where(user.EmailEqualFold(email), user.OidcSubjectIsNil()).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("look up user by e-mail: %w", err)
		}
		if len(same) == 1 {
			if !oidcauth.CanLinkByEmail(p, id) {
				return nil, ErrEmailNotVerified
			}
			u, err := tx.User.UpdateOne(same[0]).SetOidcIssuer(id.Issuer).SetOidcSubject(id.Subject).Save(ctx)
			if err != nil {
				return nil, fmt.Errorf("link user: %w", err)
			}
			return u, s.audit(ctx, tx.Client(), event{
				action: ActionSSOLink, entityType: entityUser, entityID: string(u.ID), ip: in.IP, userAgent: in.UserAgent,
				fields:  []string{user.FieldOidcIssuer, user.FieldOidcSubject},
				details: map[string]any{"username": u.Username, "provider": p.Name},
			})
		}
	}
	if !p.AutoProvision {
		return nil, ErrNotProvisioned
	}
	name, err := freeUsername(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	c := tx.User.Create().SetUsername(name).SetOidcIssuer(id.Issuer).SetOidcSubject(id.Subject).
		SetDisplayName(strings.TrimSpace(id.Name))
	if id.EmailVerified && id.Email != "" {
		c.SetEmail(id.Email)
	}
	if u, err = c.Save(ctx); err != nil {
		return nil, fmt.Errorf("create user: %w", err)
	}
	return u, s.audit(ctx, tx.Client(), event{
		action: ActionSSOProvision, entityType: entityUser, entityID: string(u.ID), ip: in.IP, userAgent: in.UserAgent,
		details: map[string]any{"username": u.Username, "provider": p.Name},
	})
}

// freeUsername derives a username from the identity's preferred username, e-mail or subject,
// normalised, made valid, and suffixed -2, -3… until it is free.
func freeUsername(ctx context.Context, tx *ent.Tx, id oidcauth.Identity) (string, error) {
	base := ""
	for _, cand := range []string{id.PreferredUsername, id.Email, id.Subject} {
		if b := usernameFrom(cand); b != "" {
			base = b
			break
		}
	}
	if base == "" {
		base = "sso-user"
	}
	for i := 1; i < 1000; i++ {
		name := base
		if i > 1 {
			name = fmt.Sprintf("%s-%d", base, i)
		}
		taken, err := tx.User.Query().Where(user.Username(name)).Exist(ctx)
		if err != nil {
			return "", fmt.Errorf("look up username: %w", err)
		}
		if !taken {
			return name, nil
		}
	}
	return "", fmt.Errorf("no free username for %q", base)
}

// usernameFrom keeps the characters ValidateUsername allows, cut to fit a suffix.
func usernameFrom(s string) string {
	var b strings.Builder
	for _, r := range NormalizeUsername(s) {
		if ValidateUsername(string(r)) == nil {
			b.WriteRune(r)
		}
	}
	out := []rune(b.String())
	if len(out) > MaxUsernameLen-4 {
		out = out[:MaxUsernameLen-4]
	}
	return string(out)
}

// syncSSOGroups makes the user's membership of every group the provider manages (the mapping's
// groups and its default group) match what the identity maps to now.
func (s *Service) syncSSOGroups(ctx context.Context, tx *ent.Tx, u *ent.User, p oidcauth.Provider, id oidcauth.Identity) error {
	managed := slices.Collect(maps.Values(p.GroupMapping))
	if p.DefaultGroup != "" {
		managed = append(managed, p.DefaultGroup)
	}
	if len(managed) == 0 {
		return nil
	}
	want := oidcauth.MappedGroups(p, id)
	groups, err := tx.Group.Query().Where(group.NameIn(managed...)).All(ctx)
	if err != nil {
		return fmt.Errorf("load mapped groups: %w", err)
	}
	have, err := tx.User.QueryGroups(u).Where(group.NameIn(managed...)).IDs(ctx)
	if err != nil {
		return fmt.Errorf("load user's groups: %w", err)
	}
	upd := tx.User.UpdateOne(u)
	var added, removed []string
	for _, g := range groups {
		member, wanted := slices.Contains(have, g.ID), slices.Contains(want, g.Name)
		switch {
		case wanted && !member:
			upd.AddGroupIDs(g.ID)
			added = append(added, g.Name)
		case !wanted && member:
			upd.RemoveGroupIDs(g.ID)
			removed = append(removed, g.Name)
		}
	}
	if len(added)+len(removed) == 0 {
		return nil
	}
	if err := upd.Exec(ctx); err != nil {
		return fmt.Errorf("update groups from the provider: %w", err)
	}
	return s.audit(ctx, tx.Client(), event{
		action: ActionSSOGroups, entityType: entityUser, entityID: string(u.ID),
		details: map[string]any{"username": u.Username, "provider": p.Name, "added": added, "removed": removed},
	})
}

// ssoFail audits a refused single sign-on and returns err.
func (s *Service) ssoFail(ctx context.Context, in SSOLogin, u *ent.User, err error) (LoginResult, error) {
	e := event{
		action: ActionLoginFailed, ip: in.IP, userAgent: in.UserAgent,
		details: map[string]any{"method": "sso", "provider": in.Provider.Name, "subject": audit.Clip(in.Identity.Subject), "reason": err.Error()},
	}
	if u != nil {
		e.entityType, e.entityID = entityUser, string(u.ID)
	}
	if aerr := s.audit(ctx, s.client, e); aerr != nil {
		return LoginResult{}, fmt.Errorf("sso sign in: %w", aerr)
	}
	return LoginResult{}, err
}

// settingLocalLogin holds whether users who are not administrators may sign in with a password.
const settingLocalLogin = "auth.localLoginForEveryone"

// LocalLoginForEveryone reports whether every user may sign in with a password (the default),
// or only administrators.
func (s *Service) LocalLoginForEveryone(ctx context.Context) (bool, error) {
	st, err := s.client.Setting.Query().Where(setting.Key(settingLocalLogin)).Only(viewer.Privileged(ctx))
	switch {
	case ent.IsNotFound(err):
		return true, nil
	case err != nil:
		return true, fmt.Errorf("read password sign-in setting: %w", err)
	}
	var on bool
	if err := json.Unmarshal([]byte(st.Value), &on); err != nil {
		return true, nil
	}
	return on, nil
}

// SetLocalLoginForEveryone allows or refuses password sign-in for users who are not
// administrators. Administrators always keep it, so no setting locks every one of them out.
// The caller needs settings:write.
func (s *Service) SetLocalLoginForEveryone(ctx context.Context, on bool) error {
	if err := authz.Require(ctx, perm.SettingsWrite); err != nil {
		return err
	}
	ctx = viewer.Privileged(ctx)
	return s.withTx(ctx, func(tx *ent.Tx) error {
		err := tx.Setting.Create().SetKey(settingLocalLogin).SetValue(strconv.FormatBool(on)).
			OnConflictColumns(setting.FieldKey).UpdateNewValues().Exec(ctx)
		if err != nil {
			return fmt.Errorf("store password sign-in setting: %w", err)
		}
		return s.audit(ctx, tx.Client(), event{
			action: ActionLocalLogin, entityType: "Setting", entityID: settingLocalLogin,
			fields: []string{setting.FieldValue}, details: map[string]any{"localLoginForEveryone": on},
		})
	})
}

// localLoginAllowed reports whether u may sign in with a password now: always for members of
// Admins, else as the setting says.
func (s *Service) localLoginAllowed(ctx context.Context, u *ent.User) (bool, error) {
	on, err := s.LocalLoginForEveryone(ctx)
	if err != nil || on {
		return true, err
	}
	return u.QueryGroups().Where(group.Name(perm.AdminsGroup)).Exist(viewer.Privileged(ctx))
}
