package account

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/oidcauth"
	"github.com/dbackup/dbackup/internal/vault"
)

func ssoLogin(sub, preferred, email string) SSOLogin {
	return SSOLogin{
		Provider: oidcauth.Provider{Name: "ID", AutoProvision: true},
		Identity: oidcauth.Identity{Issuer: "https://id.example.com", Subject: sub, PreferredUsername: preferred, Email: email, EmailVerified: true},
		IP:       "192.0.2.10",
	}
}

func TestProvisionedUsernamesAreValidAndUnique(t *testing.T) {
	e := newEnv(t)
	e.setup(t)
	tests := []struct{ sub, preferred, email, want string }{
		{"s1", "Admin", "", "admin-2"},
		{"s2", "admin", "", "admin-3"},
		{"s3", "Zoë Smith!", "", "zoësmith"},
		{"s4", "", "x.y@example.com", "x.y@example.com"},
		{"s5", " ", "", "s5"},
		{"s6", "", "", "s6"},
		{"!!", "", "", "sso-user"},
	}
	for _, tt := range tests {
		res, err := e.svc.LoginSSO(sys(), ssoLogin(tt.sub, tt.preferred, tt.email))
		require.NoError(t, err, tt.sub)
		require.Equal(t, tt.want, res.User.Username, tt.sub)
		require.NoError(t, ValidateUsername(res.User.Username))
		require.Empty(t, res.User.PasswordHash, "provisioned users have no password")
	}
	again, err := e.svc.LoginSSO(sys(), ssoLogin("s1", "someone-else", ""))
	require.NoError(t, err)
	require.Equal(t, "admin-2", again.User.Username, "found by (issuer, subject), not renamed")
	require.Len(t, e.audits(t, ActionSSOProvision), len(tests))
}

func TestLocalLoginForAdministratorsOnly(t *testing.T) {
	e := newEnv(t)
	admin := e.setup(t)
	e.group(t, "Viewers")
	e.user(t, "bob", "Viewers")
	require.NoError(t, e.svc.SetLocalLoginForEveryone(as(admin), false))
	_, err := e.svc.Login(sys(), LoginInput{Username: "bob", Password: vault.NewSecret(userPassword), IP: "192.0.2.10"})
	require.ErrorIs(t, err, ErrLocalLoginDisabled)
	_, err = e.svc.Login(sys(), LoginInput{Username: "bob", Password: vault.NewSecret("wrong password here"), IP: "192.0.2.10"})
	require.ErrorIs(t, err, ErrInvalidCredentials, "a wrong password does not learn about the setting")
	e.login(t, "admin", adminPassword)
	on, err := e.svc.LocalLoginForEveryone(sys())
	require.NoError(t, err)
	require.False(t, on)
}
