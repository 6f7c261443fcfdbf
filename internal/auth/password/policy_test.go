package password

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/vault"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		pw   string
		want error
	}{
		{"empty", "", ErrTooShort},
		{"eleven", "abcdefghijk", ErrTooShort},
		{"twelve", "abcdefghijkl", nil},
		{"passphrase", "correct horse battery staple", nil},
		{"no composition rules", "aaaaaaaaaaaa", nil},
		{"characters, not bytes: 11 runes in 33 bytes", strings.Repeat("世", 11), ErrTooShort},
		{"characters, not bytes: 12 runes", strings.Repeat("世", 12), nil},
		{"at the byte limit", strings.Repeat("a", MaxBytes), nil},
		{"over the byte limit", strings.Repeat("a", MaxBytes+1), ErrTooLong},
		{"byte limit counts UTF-8 bytes", strings.Repeat("世", MaxBytes/3+1), ErrTooLong},
		{"invalid UTF-8", "abcdefghijkl\xff", ErrInvalidUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(vault.NewSecret(tt.pw))
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.want)
		})
	}
}

func TestPolicyErrorsStateTheRuleAndTheFix(t *testing.T) {
	require.Contains(t, ErrTooShort.Error(), "at least 12 characters")
	require.Contains(t, ErrTooShort.Error(), "words")
	require.Contains(t, ErrTooLong.Error(), "at most 1024 bytes")
	require.Contains(t, ErrTooLong.Error(), "password manager")
	require.Contains(t, ErrInvalidUTF8.Error(), "UTF-8")
}

func TestValidateNeverEchoesThePassword(t *testing.T) {
	for _, pw := range []string{"short-pw", strings.Repeat("x", MaxBytes+1), "abcdefghijkl\xff"} {
		err := Validate(vault.NewSecret(pw))
		require.Error(t, err)
		require.NotContains(t, err.Error(), pw)
	}
}
