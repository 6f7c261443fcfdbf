package catalog

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/dbackup/dbackup/ent"
	entgroup "github.com/dbackup/dbackup/ent/group"
	"github.com/dbackup/dbackup/ent/ssoprovider"
	"github.com/dbackup/dbackup/internal/audit"
	"github.com/dbackup/dbackup/internal/oidcauth"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/vault/entvault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// Audit actions of SSO providers.
const (
	ActionSSOCreate = "ssoProvider.create"
	ActionSSOUpdate = "ssoProvider.update"
	ActionSSODelete = "ssoProvider.delete"
)

// ErrProviderDisabled refuses signing in with a provider an administrator turned off.
var ErrProviderDisabled = errors.New("the single sign-on provider is disabled")

// SSOProviderInput creates or changes a provider; nil fields keep their value on update. An
// empty ClientSecret clears the stored one (public clients that rely on PKCE alone).
type SSOProviderInput struct {
	Name, IssuerURL, ClientID   *string
	ClientSecret                *vault.Secret
	Scopes, AllowedEmailDomains *[]string
	AutoProvision               *bool
	LinkByVerifiedEmail         *bool
	GroupsClaim, DefaultGroup   *string
	GroupMapping                *map[string]string
	Enabled                     *bool
}

// ssoDiscover checks an issuer's discovery document; a variable so tests of validation alone
// need no provider.
var ssoDiscover = func(ctx context.Context, issuer string) error { return oidcauth.Discover(ctx, issuer, nil) }

// CheckSSODiscovery fetches and checks an issuer's discovery document, as saving does. Errors
// wrap oidcauth.ErrUnreachable or oidcauth.ErrDiscoveryInvalid and name the field issuerURL.
func (s *Service) CheckSSODiscovery(ctx context.Context, issuer string) error {
	issuer, err := checkIssuer(issuer)
	if err != nil {
		return err
	}
	if err := ssoDiscover(ctx, issuer); err != nil {
		return &FieldError{Field: "issuerURL", Msg: discoveryMessage(issuer, err), Err: err}
	}
	return nil
}

// discoveryMessage says what went wrong with an issuer's discovery and what to check.
func discoveryMessage(issuer string, err error) string {
	if errors.Is(err, oidcauth.ErrUnreachable) {
		return fmt.Sprintf("the provider at %s could not be reached: check the issuer URL and that DBackup can reach it (%v)", issuer, err)
	}
	return fmt.Sprintf("%s/.well-known/openid-configuration is not a usable OpenID discovery document: check the issuer URL (%v)", strings.TrimSuffix(issuer, "/"), err)
}

// checkIssuer trims and validates an issuer URL: absolute http(s), with a host, no query or
// fragment (OpenID Discovery §2 forbids them).
func checkIssuer(raw string) (string, error) {
	issuer := strings.TrimSpace(raw)
	u, err := url.Parse(issuer)
	if issuer == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fieldError("issuerURL", "the issuer URL must be an absolute http(s) URL such as https://id.example.com/realms/main")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fieldError("issuerURL", "the issuer URL must not have a query or fragment")
	}
	return issuer, nil
}

// CreateSSOProvider saves a provider after checking its discovery document.
func (s *Service) CreateSSOProvider(ctx context.Context, in SSOProviderInput) (*ent.SSOProvider, error) {
	if in.Name == nil || in.IssuerURL == nil || in.ClientID == nil {
		return nil, fieldError("name", "name, issuerURL and clientID are required")
	}
	var out *ent.SSOProvider
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		c := tx.SSOProvider.Create()
		fields, err := s.applySSO(ctx, tx, c.Mutation(), in, true)
		if err != nil {
			return err
		}
		if out, err = c.Save(ctx); err != nil {
			return constraint(err, "single sign-on provider", *in.Name)
		}
		return s.audit(ctx, tx.Client(), audit.Entry{
			Action: ActionSSOCreate, EntityType: "SSOProvider", EntityID: string(out.ID),
			Fields: fields, Details: map[string]any{"name": out.Name, "issuer": out.IssuerURL},
		})
	})
	return out, err
}

// UpdateSSOProvider changes a provider; a changed issuer is discovered again.
func (s *Service) UpdateSSOProvider(ctx context.Context, id pulid.ID, in SSOProviderInput) (*ent.SSOProvider, error) {
	var out *ent.SSOProvider
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		old, err := tx.SSOProvider.Get(viewer.Privileged(ctx), id)
		switch {
		case ent.IsNotFound(err):
			return notFound("single sign-on provider", id)
		case err != nil:
			return fmt.Errorf("load single sign-on provider %s: %w", id, err)
		}
		u := tx.SSOProvider.UpdateOne(old)
		discover := in.IssuerURL != nil && strings.TrimSpace(*in.IssuerURL) != old.IssuerURL
		fields, err := s.applySSO(ctx, tx, u.Mutation(), in, discover)
		if err != nil {
			return err
		}
		if out, err = u.Save(ctx); err != nil {
			return constraint(err, "single sign-on provider", deref(in.Name))
		}
		return s.audit(ctx, tx.Client(), audit.Entry{
			Action: ActionSSOUpdate, EntityType: "SSOProvider", EntityID: string(id),
			Fields: fields, Details: map[string]any{"name": out.Name},
		})
	})
	return out, err
}

// DeleteSSOProvider deletes a provider. Users it signed in keep their accounts and their link
// (issuer, subject), so a provider re-created for the same issuer finds them again.
func (s *Service) DeleteSSOProvider(ctx context.Context, id pulid.ID) error {
	return s.withTx(ctx, func(tx *ent.Tx) error {
		old, err := tx.SSOProvider.Get(viewer.Privileged(ctx), id)
		switch {
		case ent.IsNotFound(err):
			return notFound("single sign-on provider", id)
		case err != nil:
			return fmt.Errorf("load single sign-on provider %s: %w", id, err)
		}
		if err := tx.SSOProvider.DeleteOne(old).Exec(ctx); err != nil {
			return fmt.Errorf("delete single sign-on provider %q: %w", old.Name, err)
		}
		return s.audit(ctx, tx.Client(), audit.Entry{
			Action: ActionSSODelete, EntityType: "SSOProvider", EntityID: string(id), Details: map[string]any{"name": old.Name},
		})
	})
}

// EnabledSSOProviders lists the enabled providers by name, for the sign-in page; it needs no
// permission.
func (s *Service) EnabledSSOProviders(ctx context.Context) ([]*ent.SSOProvider, error) {
	rows, err := s.client.SSOProvider.Query().Where(ssoprovider.Enabled(true)).
		Order(ent.Asc(ssoprovider.FieldName)).All(viewer.Privileged(ctx))
	if err != nil {
		return nil, fmt.Errorf("list single sign-on providers: %w", err)
	}
	return rows, nil
}

// OpenSSOProvider loads an enabled provider with its client secret opened, for a sign-in. An
// unknown id is ErrNotFound, a disabled one ErrProviderDisabled, and a secret sealed under
// another ENCRYPTION_KEY an *OpenError whose Code is ENCRYPTION_KEY_MISMATCH.
func (s *Service) OpenSSOProvider(ctx context.Context, id pulid.ID) (oidcauth.Provider, error) {
	row, err := s.client.SSOProvider.Get(viewer.Privileged(ctx), id)
	switch {
	case ent.IsNotFound(err):
		return oidcauth.Provider{}, notFound("single sign-on provider", id)
	case err != nil:
		return oidcauth.Provider{}, fmt.Errorf("load single sign-on provider %s: %w", id, err)
	case !row.Enabled:
		return oidcauth.Provider{}, fmt.Errorf("%q: %w", row.Name, ErrProviderDisabled)
	}
	var secret vault.Secret
	if row.ClientSecret != "" {
		secret, err = entvault.Open(s.kr, ssoprovider.Table, ssoprovider.FieldClientSecret, row.ID, row.ClientSecret)
		if err != nil {
			return oidcauth.Provider{}, &OpenError{What: fmt.Sprintf("single sign-on provider %q", row.Name), Secret: "client secret", Err: err}
		}
	}
	return oidcauth.Provider{
		ID: string(row.ID), Name: row.Name, IssuerURL: row.IssuerURL, ClientID: row.ClientID, ClientSecret: secret,
		Scopes: row.Scopes, AllowedEmailDomains: row.AllowedEmailDomains, AutoProvision: row.AutoProvision,
		LinkByVerifiedEmail: row.LinkByVerifiedEmail, GroupsClaim: row.GroupsClaim,
		GroupMapping: maps.Clone(row.GroupMapping), DefaultGroup: row.DefaultGroup,
	}, nil
}

// SSOProviderGroupMapping returns a provider's mapping sorted by claim value.
func SSOProviderGroupMapping(p *ent.SSOProvider) [][2]string {
	out := make([][2]string, 0, len(p.GroupMapping))
	for _, k := range slices.Sorted(maps.Keys(p.GroupMapping)) {
		out = append(out, [2]string{k, p.GroupMapping[k]})
	}
	return out
}

// ssoMutation is what applySSO sets on a create or update.
type ssoMutation interface {
	SetName(string)
	SetIssuerURL(string)
	SetClientID(string)
	SetClientSecret(string)
	ClearClientSecret()
	SetScopes([]string)
	SetAllowedEmailDomains([]string)
	SetAutoProvision(bool)
	SetLinkByVerifiedEmail(bool)
	SetGroupsClaim(string)
	SetGroupMapping(map[string]string)
	SetDefaultGroup(string)
	SetEnabled(bool)
}

// applySSO validates in and sets it on m, returning the changed field names for the audit log
// (never values of secrets). discover checks the issuer's discovery document.
func (s *Service) applySSO(ctx context.Context, tx *ent.Tx, m ssoMutation, in SSOProviderInput, discover bool) ([]string, error) {
	var fields []string
	if in.Name != nil {
		name := strings.TrimSpace(*in.Name)
		if name == "" {
			return nil, fieldError("name", "give the provider a name; it is shown on the sign-in button")
		}
		m.SetName(name)
		fields = append(fields, "name")
	}
	if in.IssuerURL != nil {
		issuer, err := checkIssuer(*in.IssuerURL)
		if err != nil {
			return nil, err
		}
		if discover {
			if err := s.CheckSSODiscovery(ctx, issuer); err != nil {
				return nil, err
			}
		}
		m.SetIssuerURL(issuer)
		fields = append(fields, "issuerURL")
	}
	if in.ClientID != nil {
		id := strings.TrimSpace(*in.ClientID)
		if id == "" {
			return nil, fieldError("clientID", "enter the client id registered at the provider")
		}
		m.SetClientID(id)
		fields = append(fields, "clientID")
	}
	if in.ClientSecret != nil {
		if in.ClientSecret.IsEmpty() {
			m.ClearClientSecret()
		} else {
			m.SetClientSecret(in.ClientSecret.Reveal())
		}
		fields = append(fields, "clientSecret")
	}
	more, err := s.applySSOPolicy(ctx, tx, m, in)
	return append(fields, more...), err
}

// applySSOPolicy validates and sets the fields that decide who may sign in and their groups.
func (s *Service) applySSOPolicy(ctx context.Context, tx *ent.Tx, m ssoMutation, in SSOProviderInput) ([]string, error) {
	var fields []string
	if in.Scopes != nil {
		scopes, err := cleanList("scopes", *in.Scopes, func(v string) string { return v })
		if err != nil {
			return nil, err
		}
		m.SetScopes(slices.DeleteFunc(scopes, func(v string) bool { return v == "openid" }))
		fields = append(fields, "scopes")
	}
	if in.AllowedEmailDomains != nil {
		domains, err := cleanList("allowedEmailDomains", *in.AllowedEmailDomains, func(v string) string {
			return strings.ToLower(strings.TrimPrefix(v, "@"))
		})
		if err != nil {
			return nil, err
		}
		m.SetAllowedEmailDomains(domains)
		fields = append(fields, "allowedEmailDomains")
	}
	if in.AutoProvision != nil {
		m.SetAutoProvision(*in.AutoProvision)
		fields = append(fields, "autoProvision")
	}
	if in.LinkByVerifiedEmail != nil {
		m.SetLinkByVerifiedEmail(*in.LinkByVerifiedEmail)
		fields = append(fields, "linkByVerifiedEmail")
	}
	if in.GroupsClaim != nil {
		m.SetGroupsClaim(strings.TrimSpace(*in.GroupsClaim))
		fields = append(fields, "groupsClaim")
	}
	if in.GroupMapping != nil {
		mapping := map[string]string{}
		for k, v := range *in.GroupMapping {
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			if k == "" || v == "" {
				return nil, fieldError("groupMapping", "every mapping needs a claim value and a group")
			}
			if err := groupExists(ctx, tx, "groupMapping", v); err != nil {
				return nil, err
			}
			mapping[k] = v
		}
		m.SetGroupMapping(mapping)
		fields = append(fields, "groupMapping")
	}
	if in.DefaultGroup != nil {
		g := strings.TrimSpace(*in.DefaultGroup)
		if g != "" {
			if err := groupExists(ctx, tx, "defaultGroup", g); err != nil {
				return nil, err
			}
		}
		m.SetDefaultGroup(g)
		fields = append(fields, "defaultGroup")
	}
	if in.Enabled != nil {
		m.SetEnabled(*in.Enabled)
		fields = append(fields, "enabled")
	}
	return fields, nil
}

// cleanList trims, normalizes and de-duplicates a list of single words.
func cleanList(field string, in []string, norm func(string) string) ([]string, error) {
	var out []string
	for _, v := range in {
		v = norm(strings.TrimSpace(v))
		if v == "" {
			continue
		}
		if strings.ContainsAny(v, " \t\n,") {
			return nil, fieldError(field, "%q: give one value per entry, without spaces or commas", v)
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out, nil
}

// groupExists refuses a mapping to a group that does not exist, naming field.
func groupExists(ctx context.Context, tx *ent.Tx, field, name string) error {
	ok, err := tx.Group.Query().Where(entgroup.Name(name)).Exist(viewer.Privileged(ctx))
	if err != nil {
		return fmt.Errorf("look up group %q: %w", name, err)
	}
	if !ok {
		return fieldError(field, "there is no group %q: create it under Users → Groups first, or pick another", name)
	}
	return nil
}
