package vault

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// sealHere seals "hunter2" at here with kr.
func sealHere(t *testing.T, kr *Keyring) string {
	t.Helper()
	s, err := kr.Seal([]byte("hunter2"), here)
	require.NoError(t, err)
	return s
}

func TestOpenWithAnotherKey(t *testing.T) {
	sealed := sealHere(t, testKeyring(t, 0x20))
	kr := testKeyring(t, 0)
	_, err := kr.Open(sealed, here)
	require.ErrorIs(t, err, ErrKeyMismatch)
	require.NotErrorIs(t, err, ErrTampered)
	var km *KeyMismatchError
	require.True(t, errors.As(err, &km))
	require.Equal(t, KeyID(testKey(0x20)), km.KeyID)
	require.Equal(t, []string{KeyID(testKey(0))}, km.Known)
	require.Contains(t, err.Error(), "sealed with key "+KeyID(testKey(0x20))+", but the loaded ENCRYPTION_KEY is "+KeyID(testKey(0)))
	require.Contains(t, err.Error(), "start DBackup with the original key (or add it as ENCRYPTION_KEY_PREVIOUS), or re-enter the value")

	_, err = testKeyring(t, 0, 0x40).Open(sealed, here)
	require.ErrorAs(t, err, &km)
	require.Equal(t, []string{KeyID(testKey(0)), KeyID(testKey(0x40))}, km.Known)
	require.Contains(t, err.Error(), "ENCRYPTION_KEY_PREVIOUS "+KeyID(testKey(0x40)))
}

func TestOpenDetectsTampering(t *testing.T) {
	kr := testKeyring(t, 0)
	sealed := sealHere(t, kr)
	s, err := Parse(sealed)
	require.NoError(t, err)
	ctEnd := len(s.Payload) - TagSize
	regions := map[string][2]int{ // [start, end) in the payload
		"nonce":      {0, NonceSize},
		"ciphertext": {NonceSize, ctEnd},
		"tag":        {ctEnd, len(s.Payload)},
	}
	for name, r := range regions {
		for i := r[0]; i < r[1]; i++ {
			for _, bit := range []byte{0x01, 0x80} {
				p := append([]byte(nil), s.Payload...)
				p[i] ^= bit
				changed := Sealed{Version: s.Version, KeyID: s.KeyID, Payload: p}.String()
				_, err := kr.Open(changed, here)
				require.ErrorIs(t, err, ErrTampered, "%s byte %d bit %#x", name, i, bit)
			}
		}
	}
}

func TestOpenDetectsMovedValues(t *testing.T) {
	kr := testKeyring(t, 0)
	sealed := sealHere(t, kr)
	for name, p := range map[string]Place{
		"other table":  {Table: "destinations", Column: here.Column, RowID: here.RowID},
		"other column": {Table: here.Table, Column: "username", RowID: here.RowID},
		"other row":    {Table: here.Table, Column: here.Column, RowID: "src_01JDQ40AKQ3W5P7R8S9T0V1W2X"},
		// Without separators these would give the same associated data as here.
		"shifted boundary": {Table: here.Table + "p", Column: "assword", RowID: here.RowID},
	} {
		_, err := kr.Open(sealed, p)
		require.ErrorIs(t, err, ErrTampered, name)
		require.Contains(t, err.Error(), "copied from another row or column")
	}
}

func TestOpenTruncated(t *testing.T) {
	kr := testKeyring(t, 0)
	sealed := sealHere(t, kr)
	s, err := Parse(sealed)
	require.NoError(t, err)
	for n := 0; n < len(s.Payload); n++ {
		cut := Sealed{Version: s.Version, KeyID: s.KeyID, Payload: s.Payload[:n]}.String()
		_, err := kr.Open(cut, here)
		if n < NonceSize+TagSize {
			require.ErrorIs(t, err, ErrMalformed, "payload cut to %d bytes", n)
		} else {
			require.ErrorIs(t, err, ErrTampered, "payload cut to %d bytes", n)
		}
	}
	for n := 0; n < len(sealed); n++ {
		_, err := kr.Open(sealed[:n], here)
		require.True(t, errors.Is(err, ErrMalformed) || errors.Is(err, ErrTampered) || (n == 0 && errors.Is(err, ErrEmpty)),
			"text cut to %d characters: %v", n, err)
	}
}

func TestParse(t *testing.T) {
	kr := testKeyring(t, 0)
	good := sealHere(t, kr)
	kid := kr.PrimaryID()
	body := good[strings.LastIndex(good, ".")+1:]
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"valid", good, nil},
		{"empty", "", ErrEmpty},
		{"plaintext", "hunter2", ErrMalformed},
		{"plaintext with dots", "my.pass.word", ErrMalformed},
		{"wrong version", "dbk2." + kid + "." + body, ErrMalformed},
		{"version zero-padded", "dbk01." + kid + "." + body, ErrMalformed},
		{"no version", "dbk." + kid + "." + body, ErrMalformed},
		{"other prefix", "abc1." + kid + "." + body, ErrMalformed},
		{"upper-case prefix", "DBK1." + kid + "." + body, ErrMalformed},
		{"short kid", "dbk1." + kid[:15] + "." + body, ErrMalformed},
		{"long kid", "dbk1." + kid + "0." + body, ErrMalformed},
		{"upper-case kid", "dbk1." + strings.ToUpper(kid) + "." + body, ErrMalformed},
		{"non-hex kid", "dbk1." + kid[:15] + "g." + body, ErrMalformed},
		{"padding", "dbk1." + kid + "." + body + "==", ErrMalformed},
		{"standard base64", "dbk1." + kid + "." + strings.NewReplacer("-", "+", "_", "/").Replace(body) + "+/", ErrMalformed},
		{"newline in payload", "dbk1." + kid + "." + body[:10] + "\n" + body[10:], ErrMalformed},
		{"extra part", good + ".x", ErrMalformed},
		{"missing payload", "dbk1." + kid + ".", ErrMalformed},
		{"payload too short", "dbk1." + kid + "." + body[:36], ErrMalformed},
		{"leading space", " " + good, ErrMalformed},
		{"trailing newline", good + "\n", ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse(tt.in)
			if tt.want == nil {
				require.NoError(t, err)
				require.Equal(t, Version, s.Version)
				require.Equal(t, kid, s.KeyID)
				require.Equal(t, tt.in, s.String())
				return
			}
			require.ErrorIs(t, err, tt.want)
			_, err = kr.Open(tt.in, here)
			require.ErrorIs(t, err, tt.want, "Open never passes anything through")
			require.NotContains(t, err.Error(), "hunter2")
		})
	}
}

func TestParseErrorsDoNotEchoPlaintext(t *testing.T) {
	for _, in := range []string{"dbkSECRETPASS.x.y", "dbk1.SECRETPASS.y", "dbk1.0123456789abcdef.SECRET*PASS", "dbk999999999.a.b"} {
		_, err := Parse(in)
		require.ErrorIs(t, err, ErrMalformed)
		require.NotContains(t, err.Error(), "SECRET")
		require.NotContains(t, err.Error(), "999999999")
	}
}
