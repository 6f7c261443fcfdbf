package oidcauth_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/oidcauth"
)

func TestCheckDomain(t *testing.T) {
	restricted := oidcauth.Provider{AllowedEmailDomains: []string{"Example.com", "@corp.example"}}
	tests := []struct {
		name    string
		p       oidcauth.Provider
		id      oidcauth.Identity
		allowed bool
	}{
		{"no restriction", oidcauth.Provider{}, oidcauth.Identity{}, true},
		{"no restriction, unverified", oidcauth.Provider{}, oidcauth.Identity{Email: "a@evil.com"}, true},
		{"allowed domain", restricted, oidcauth.Identity{Email: "a@example.com", EmailVerified: true}, true},
		{"case-insensitive", restricted, oidcauth.Identity{Email: "A@EXAMPLE.COM", EmailVerified: true}, true},
		{"leading @ in the list", restricted, oidcauth.Identity{Email: "a@corp.example", EmailVerified: true}, true},
		{"unverified", restricted, oidcauth.Identity{Email: "a@example.com"}, false},
		{"other domain", restricted, oidcauth.Identity{Email: "a@evil.com", EmailVerified: true}, false},
		{"subdomain", restricted, oidcauth.Identity{Email: "a@sub.example.com", EmailVerified: true}, false},
		{"suffix trick", restricted, oidcauth.Identity{Email: "a@evilexample.com", EmailVerified: true}, false},
		{"domain in the local part", restricted, oidcauth.Identity{Email: "a@example.com@evil.com", EmailVerified: true}, false},
		{"no e-mail", restricted, oidcauth.Identity{EmailVerified: true}, false},
		{"no domain", restricted, oidcauth.Identity{Email: "a@", EmailVerified: true}, false},
		{"no local part", restricted, oidcauth.Identity{Email: "@example.com", EmailVerified: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := oidcauth.CheckDomain(tt.p, tt.id)
			if tt.allowed {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, oidcauth.ErrDomainNotAllowed)
			}
		})
	}
}

func TestMappedGroups(t *testing.T) {
	mapping := map[string]string{"admins": "Admins", "ops": "Operators", "sre": "Operators", "empty": ""}
	tests := []struct {
		name   string
		p      oidcauth.Provider
		groups []string
		want   []string
	}{
		{"nothing", oidcauth.Provider{}, nil, nil},
		{"default only", oidcauth.Provider{DefaultGroup: "Viewers"}, nil, []string{"Viewers"}},
		{"no mapping drops claim values", oidcauth.Provider{}, []string{"admins"}, nil},
		{"mapped, sorted", oidcauth.Provider{GroupMapping: mapping}, []string{"ops", "admins"}, []string{"Admins", "Operators"}},
		{"deduplicated", oidcauth.Provider{GroupMapping: mapping}, []string{"ops", "sre", "ops"}, []string{"Operators"}},
		{"unmapped dropped", oidcauth.Provider{GroupMapping: mapping, DefaultGroup: "Viewers"}, []string{"ops", "interns"}, []string{"Operators"}},
		{"none mapped gives default", oidcauth.Provider{GroupMapping: mapping, DefaultGroup: "Viewers"}, []string{"interns"}, []string{"Viewers"}},
		{"mapping to empty is no mapping", oidcauth.Provider{GroupMapping: mapping, DefaultGroup: "Viewers"}, []string{"empty"}, []string{"Viewers"}},
		{"case-sensitive claim values", oidcauth.Provider{GroupMapping: mapping}, []string{"Admins"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, oidcauth.MappedGroups(tt.p, oidcauth.Identity{Groups: tt.groups}))
		})
	}
}

func TestCanLinkByEmail(t *testing.T) {
	on := oidcauth.Provider{LinkByVerifiedEmail: true}
	tests := []struct {
		name string
		p    oidcauth.Provider
		id   oidcauth.Identity
		want bool
	}{
		{"allowed", on, oidcauth.Identity{Email: "a@example.com", EmailVerified: true}, true},
		{"provider disallows", oidcauth.Provider{}, oidcauth.Identity{Email: "a@example.com", EmailVerified: true}, false},
		{"unverified", on, oidcauth.Identity{Email: "a@example.com"}, false},
		{"empty e-mail", on, oidcauth.Identity{EmailVerified: true}, false},
		{"blank e-mail", on, oidcauth.Identity{Email: "  ", EmailVerified: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, oidcauth.CanLinkByEmail(tt.p, tt.id))
		})
	}
}
