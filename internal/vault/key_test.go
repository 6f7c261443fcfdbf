package vault

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const validHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

func TestParseKey(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr string // empty: valid
	}{
		{name: "lower case", in: validHex},
		{name: "upper case", in: strings.ToUpper(validHex)},
		{name: "trailing newline", in: validHex + "\n"},
		{name: "surrounding white space", in: " \t" + validHex + "\r\n"},
		{name: "63 characters", in: validHex[:63], wantErr: "is 63 characters, want 64 hex characters"},
		{name: "65 characters", in: validHex + "a", wantErr: "is 65 characters, want 64 hex characters"},
		{name: "non-hex at 10", in: validHex[:9] + "g" + validHex[10:], wantErr: "contains a non-hex character at position 10"},
		{name: "inner space", in: validHex[:31] + " " + validHex[32:], wantErr: "contains a non-hex character at position 32"},
		{name: "multi-byte rune counts as one character", in: "é" + validHex[1:], wantErr: "contains a non-hex character at position 1"},
		{name: "base64 instead of hex", in: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", wantErr: "is 44 characters, want 64 hex characters"},
		{name: "empty", in: "", wantErr: "is empty, want 64 hex characters"},
		{name: "only white space", in: " \n", wantErr: "is empty, want 64 hex characters"},
		{name: "all zeros", in: strings.Repeat("0", 64), wantErr: "is all zeros"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := ParseKey(tt.in)
			if tt.wantErr == "" {
				require.NoError(t, err)
				require.Equal(t, testKey(0), k)
				return
			}
			require.ErrorIs(t, err, ErrInvalidKey)
			require.Contains(t, err.Error(), tt.wantErr)
			require.Equal(t, Key{}, k)
			if len(strings.TrimSpace(tt.in)) > 8 {
				requireNoLeak(t, err.Error(), tt.in)
				requireNoLeak(t, err.Error(), tt.in[:12])
			}
		})
	}
}

func TestKeyID(t *testing.T) {
	k := testKey(0)
	require.Equal(t, "e2312e53c877f0f1", KeyID(k), "checked with: openssl dgst -sha256 -mac HMAC -macopt hexkey:<key>")
	require.Regexp(t, `^[0-9a-f]{16}$`, KeyID(testKey(7)))
	require.NotEqual(t, KeyID(testKey(0)), KeyID(testKey(1)))
	require.Equal(t, KeyID(k), KeyID(k))
}

func TestGenerateKey(t *testing.T) {
	a, err := GenerateKey()
	require.NoError(t, err)
	b, err := GenerateKey()
	require.NoError(t, err)
	require.NotEqual(t, a, b)
	require.NotEqual(t, Key{}, a)
	back, err := ParseKey(a.Reveal())
	require.NoError(t, err)
	require.Equal(t, a, back)

	_, err = generateKey(bytes.NewReader(make([]byte, KeySize-1)))
	require.Error(t, err, "a short random source must fail, not give a weak key")
}

// TestKeyNeverPrintsBytes checks every way a Key or Keyring might end up in a log.
func TestKeyNeverPrintsBytes(t *testing.T) {
	k := testKey(0)
	kr := testKeyring(t, 0, 0x20)
	js, err := json.Marshal(struct{ K Key }{k})
	require.NoError(t, err)
	txt, err := k.MarshalText()
	require.NoError(t, err)
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("start", "key", k, "keyring", kr)

	outputs := map[string]string{
		"%v": fmt.Sprintf("%v", k), "%s": fmt.Sprintf("%s", k), "%x": fmt.Sprintf("%x", k),
		"%X": fmt.Sprintf("%X", k), "%d": fmt.Sprintf("%d", k), "%+v": fmt.Sprintf("%+v", k),
		"%#v": fmt.Sprintf("%#v", k), "Println": fmt.Sprintln(k), "json": string(js), "text": string(txt), "String": k.String(), "GoString": k.GoString(),
		"slog": logged.String(), "keyring %v": fmt.Sprintf("%v", kr), "keyring %+v": fmt.Sprintf("%+v", kr),
		"keyring %#v": fmt.Sprintf("%#v", kr), "load result": fmt.Sprintf("%+v", LoadResult{Keyring: kr}),
	}
	for name, out := range outputs {
		require.Contains(t, out, KeyID(k), name)
		require.NotContains(t, out, validHex[:16], name)
		require.NotContains(t, out, strings.ToUpper(validHex[:16]), name)
		require.NotContains(t, out, "[0 1 2 3", name)
	}
	require.Equal(t, "vault.Key(e2312e53c877f0f1)", k.String())
}
