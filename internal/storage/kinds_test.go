package storage_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/vault"
)

var testKind = storage.Kind{Name: "test", Label: "Test", Fields: []storage.FieldSpec{
	{Name: "host", Label: "Host", Type: storage.FieldString, Required: true},
	{Name: "port", Label: "Port", Type: storage.FieldInt, Default: "22"},
	{Name: "tls", Label: "TLS", Type: storage.FieldBool},
	{Name: "mode", Label: "Mode", Type: storage.FieldEnum, Options: []string{"fast", "safe"}},
	{Name: "notes", Label: "Notes", Type: storage.FieldText},
	{Name: "password", Label: "Password", Type: storage.FieldSecret, Required: true},
}}

func TestKindCheck(t *testing.T) {
	pw := map[string]vault.Secret{"password": vault.NewSecret("pw")}
	for _, tc := range []struct {
		name     string
		settings map[string]string
		secrets  map[string]vault.Secret
		field    string // "" for valid
	}{
		{"valid", map[string]string{"host": "h", "port": "2222", "tls": "true", "mode": "safe", "notes": "a\nb"}, pw, ""},
		{"defaults", map[string]string{"host": "h"}, pw, ""},
		{"missing required", map[string]string{"port": "22"}, pw, "host"},
		{"missing secret", map[string]string{"host": "h"}, map[string]vault.Secret{"password": vault.NewSecret("")}, "password"},
		{"bad int", map[string]string{"host": "h", "port": "22x"}, pw, "port"},
		{"bad bool", map[string]string{"host": "h", "tls": "yes please"}, pw, "tls"},
		{"bad enum", map[string]string{"host": "h", "mode": "slow"}, pw, "mode"},
		{"unknown setting", map[string]string{"host": "h", "colour": "red"}, pw, "colour"},
		{"unknown secret", map[string]string{"host": "h"}, map[string]vault.Secret{"password": vault.NewSecret("pw"), "token": vault.NewSecret("t")}, "token"},
		{"secret in settings", map[string]string{"host": "h", "password": "pw"}, pw, "password"},
		{"plain setting in secrets", map[string]string{}, map[string]vault.Secret{"password": vault.NewSecret("pw"), "host": vault.NewSecret("h")}, "host"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := testKind.Check(tc.settings, tc.secrets)
			if tc.field == "" {
				require.NoError(t, err)
				return
			}
			var ce *connerr.Error
			require.True(t, errors.As(err, &ce), "%v", err)
			require.Equal(t, connerr.Config, ce.Kind)
			require.Equal(t, tc.field, ce.Op)
			require.NotEmpty(t, ce.Hint)
		})
	}
	require.Equal(t, "22", testKind.Value(map[string]string{}, "port"))
	require.Equal(t, "2222", testKind.Value(map[string]string{"port": "2222"}, "port"))
}
