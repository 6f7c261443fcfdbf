package token_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/auth/token"
)

// fixed returns a Generator whose random bytes are all b.
func fixed(b byte) token.Generator {
	return token.Generator{Rand: bytes.NewReader(bytes.Repeat([]byte{b}, token.EntropyBytes))}
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestSessionTokenVector(t *testing.T) {
	plain, hash, err := fixed(0xff).NewSessionToken()
	require.NoError(t, err)
	require.Equal(t, "__________________________________________8", plain)
	require.Len(t, plain, token.SessionTokenLen)
	require.Equal(t, sha256Hex(plain), hash)

	got, err := token.HashSessionToken(plain)
	require.NoError(t, err)
	require.Equal(t, hash, got)
}

func TestNewSessionToken(t *testing.T) {
	a, ha := token.NewSessionToken()
	b, hb := token.NewSessionToken()
	require.NotEqual(t, a, b)
	require.NotEqual(t, ha, hb)
	require.Len(t, a, token.SessionTokenLen)
	require.Len(t, ha, 64)
	require.NotContains(t, ha, a)
	got, err := token.HashSessionToken(a)
	require.NoError(t, err)
	require.Equal(t, ha, got)
}

func TestHashSessionTokenRejectsMalformed(t *testing.T) {
	good, _ := token.NewSessionToken()
	tests := []struct{ name, in string }{
		{"empty", ""},
		{"short", good[:42]},
		{"long", good + "A"},
		{"padded", good[:42] + "="},
		{"standard base64", "+" + good[1:]},
		{"slash", "/" + good[1:]},
		{"line break", good[:20] + "\n" + good[21:]},
		{"non-canonical last character", strings.Repeat("_", 42) + "_"},
		{"api key", "dbk_" + strings.Repeat("a", 52)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := token.HashSessionToken(tt.in)
			require.ErrorIs(t, err, token.ErrMalformedToken)
		})
	}
}

func TestAPIKeyVector(t *testing.T) {
	plain, prefix, hash, err := fixed(0).NewAPIKey()
	require.NoError(t, err)
	require.Equal(t, "dbk_"+strings.Repeat("a", 52), plain)
	require.Equal(t, "dbk_aaaaaaaa", prefix)
	require.Equal(t, sha256Hex(plain), hex.EncodeToString(hash))

	plain, prefix, _, err = fixed(0xff).NewAPIKey()
	require.NoError(t, err)
	require.Equal(t, "dbk_"+strings.Repeat("7", 51)+"q", plain)
	require.Equal(t, "dbk_77777777", prefix)
}

func TestNewAPIKey(t *testing.T) {
	plain, prefix, hash := token.NewAPIKey()
	require.Len(t, plain, token.APIKeyLen)
	require.Len(t, prefix, token.PrefixLen)
	require.Len(t, hash, sha256.Size)
	require.True(t, strings.HasPrefix(plain, prefix))
	require.True(t, strings.HasPrefix(plain, token.APIKeyMarker))

	got, err := token.ParseAPIKey(plain)
	require.NoError(t, err)
	require.Equal(t, prefix, got)
	require.True(t, token.EqualHash(hash, token.HashAPIKey(plain)))

	other, otherPrefix, otherHash := token.NewAPIKey()
	require.NotEqual(t, plain, other)
	require.NotEqual(t, prefix, otherPrefix)
	require.False(t, token.EqualHash(hash, otherHash))
}

func TestParseAPIKeyRejectsMalformed(t *testing.T) {
	good, _, _ := token.NewAPIKey()
	body := good[len(token.APIKeyMarker):]
	tests := []struct{ name, in string }{
		{"empty", ""},
		{"marker only", "dbk_"},
		{"no marker", body + "abcd"},
		{"other marker", "dbx_" + body},
		{"uppercase marker", "DBK_" + body},
		{"uppercase body", "dbk_" + strings.ToUpper(body)},
		{"short", good[:len(good)-1]},
		{"long", good + "a"},
		{"padding", good[:len(good)-1] + "="},
		{"outside the alphabet: 0", "dbk_0" + body[1:]},
		{"outside the alphabet: 1", "dbk_1" + body[1:]},
		{"outside the alphabet: 8", "dbk_8" + body[1:]},
		{"line break", "dbk_\n" + body[1:]},
		{"space", " " + good[:len(good)-1]},
		{"non-canonical last character", "dbk_" + strings.Repeat("a", 51) + "b"},
		{"session token", strings.Repeat("A", token.SessionTokenLen)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := token.ParseAPIKey(tt.in)
			require.ErrorIs(t, err, token.ErrMalformedKey)
			if len(tt.in) > token.PrefixLen {
				require.NotContains(t, err.Error(), tt.in[token.PrefixLen:], "errors never echo the key")
			}
		})
	}
}

func TestEqualHash(t *testing.T) {
	a := token.HashAPIKey("dbk_a")
	tests := []struct {
		name string
		x, y []byte
		want bool
	}{
		{"same", a, append([]byte(nil), a...), true},
		{"different", a, token.HashAPIKey("dbk_b"), false},
		{"prefix", a, a[:16], false},
		{"empty and hash", nil, a, false},
		{"both empty", nil, []byte{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { require.Equal(t, tt.want, token.EqualHash(tt.x, tt.y)) })
	}
}

func TestGeneratorReportsShortRandomness(t *testing.T) {
	short := func() token.Generator { return token.Generator{Rand: strings.NewReader("too short")} }
	_, _, err := short().NewSessionToken()
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	_, _, _, err = short().NewAPIKey()
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
}

func FuzzParseAPIKey(f *testing.F) {
	good, _, _ := token.NewAPIKey()
	f.Add(good)
	f.Add("dbk_" + strings.Repeat("7", 52))
	f.Add("dbk_")
	f.Fuzz(func(t *testing.T, s string) {
		prefix, err := token.ParseAPIKey(s)
		if err != nil {
			require.ErrorIs(t, err, token.ErrMalformedKey)
			return
		}
		require.Len(t, s, token.APIKeyLen)
		require.Equal(t, s[:token.PrefixLen], prefix)
		require.Equal(t, strings.ToLower(s), s)
	})
}

func FuzzHashSessionToken(f *testing.F) {
	good, _ := token.NewSessionToken()
	f.Add(good)
	f.Add(strings.Repeat("_", 43))
	f.Fuzz(func(t *testing.T, s string) {
		h, err := token.HashSessionToken(s)
		if err != nil {
			require.ErrorIs(t, err, token.ErrMalformedToken)
			return
		}
		require.Len(t, s, token.SessionTokenLen)
		require.Equal(t, sha256Hex(s), h)
	})
}
