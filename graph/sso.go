package graph

import (
	"context"
	"strings"

	"github.com/dbackup/dbackup/graph/model"
	"github.com/dbackup/dbackup/internal/oidcauth"
	"github.com/dbackup/dbackup/internal/vault"
)

// Error codes of single sign-on settings (the sign-in flow uses the same words in its redirects).
const (
	// CodeProviderUnreachable is an issuer DBackup could not reach.
	CodeProviderUnreachable = "PROVIDER_UNREACHABLE"
	// CodeDiscoveryInvalid is an issuer whose discovery document is unusable.
	CodeDiscoveryInvalid = "DISCOVERY_INVALID"
)

// secretPtr wraps an optional write-only input as a secret; nil keeps the stored one.
func secretPtr(s *string) *vault.Secret {
	if s == nil {
		return nil
	}
	v := vault.NewSecret(*s)
	return &v
}

// nonEmpty is s, or nil when s is empty.
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// groupMapping turns mapping rows into a map; nil keeps the stored mapping.
func groupMapping(rows []model.SSOGroupMappingInput) *map[string]string {
	if rows == nil {
		return nil
	}
	m := make(map[string]string, len(rows))
	for _, r := range rows {
		m[r.ClaimValue] = r.Group
	}
	return &m
}

// loginOptions is what the sign-in page offers: one button per enabled provider, whether
// password sign-in is for everyone, and where SSO_AUTO_REDIRECT sends the page.
func (r *Resolver) loginOptions(ctx context.Context) (*model.LoginOptions, error) {
	rows, err := r.Catalog.EnabledSSOProviders(ctx)
	if err != nil {
		return nil, err
	}
	everyone, err := r.Accounts.LocalLoginForEveryone(ctx)
	if err != nil {
		return nil, err
	}
	out := &model.LoginOptions{Providers: []model.LoginProvider{}, LocalLoginForEveryone: everyone}
	for _, p := range rows {
		login := oidcauth.LoginPath(string(p.ID))
		out.Providers = append(out.Providers, model.LoginProvider{ID: p.ID, Name: p.Name, LoginURL: login})
		if want := strings.TrimSpace(r.SSOAutoRedirect); want != "" && (want == string(p.ID) || strings.EqualFold(want, p.Name)) {
			out.AutoRedirectURL = &login
		}
	}
	return out, nil
}
