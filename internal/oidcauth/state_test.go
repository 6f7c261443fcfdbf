package oidcauth

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func testSealer(t *testing.T, b byte) sealer {
	t.Helper()
	s, err := newSealer(bytes.Repeat([]byte{b}, SealKeySize))
	require.NoError(t, err)
	return s
}

func TestSealRoundTrip(t *testing.T) {
	s := testSealer(t, 1)
	st := state{State: "st", Nonce: "no", Verifier: "ve", ProviderID: "sso1", ReturnTo: "/jobs", Expires: 42}
	v, err := s.seal(st)
	require.NoError(t, err)
	require.NotContains(t, v, "ve", "the verifier must not be readable")
	got, err := s.open(v)
	require.NoError(t, err)
	require.Equal(t, st, got)

	v2, err := s.seal(st)
	require.NoError(t, err)
	require.NotEqual(t, v, v2, "each seal uses a fresh nonce")
}

func TestOpenRefuses(t *testing.T) {
	s := testSealer(t, 1)
	v, err := s.seal(state{State: "st", ProviderID: "sso1", Expires: 42})
	require.NoError(t, err)
	raw, err := base64.RawURLEncoding.DecodeString(v)
	require.NoError(t, err)
	flip := func(i int) string {
		b := bytes.Clone(raw)
		b[i] ^= 1
		return base64.RawURLEncoding.EncodeToString(b)
	}
	other, err := testSealer(t, 2).seal(state{State: "st", ProviderID: "sso1", Expires: 42})
	require.NoError(t, err)

	tests := []struct{ name, value string }{
		{"empty", ""},
		{"not base64", "!!!"},
		{"truncated", v[:len(v)-4]},
		{"too short for a nonce", base64.RawURLEncoding.EncodeToString(raw[:8])},
		{"nonce flipped", flip(0)},
		{"ciphertext flipped", flip(len(raw) / 2)},
		{"tag flipped", flip(len(raw) - 1)},
		{"other key", other},
		{"oversized", strings.Repeat("A", maxStateCookie+1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.open(tt.value)
			require.ErrorIs(t, err, errStateUnreadable)
		})
	}
}

func TestNewSealerKeySize(t *testing.T) {
	for _, n := range []int{0, 16, 31, 33} {
		_, err := newSealer(make([]byte, n))
		require.Error(t, err, n)
	}
	require.Panics(t, func() { NewFlow("http://x", make([]byte, 16), nil) })
}

func TestSanitizeReturnTo(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "/"},
		{"/", "/"},
		{"/ok?x=1", "/ok?x=1"},
		{"/jobs/42#log", "/jobs/42#log"},
		{"//evil.com", "/"},
		{"//evil.com/path", "/"},
		{"https://evil.com", "/"},
		{"http://evil.com/", "/"},
		{"javascript:alert(1)", "/"},
		{"evil.com", "/"},
		{`/\evil.com`, "/"},
		{"/\tevil", "/"},
		{"/ok\r\nSet-Cookie: x=1", "/"},
		{"/%2F%2Fevil.com", "/%2F%2Fevil.com"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			require.Equal(t, tt.want, SanitizeReturnTo(tt.in))
		})
	}
}

func FuzzSanitizeReturnTo(f *testing.F) {
	for _, s := range []string{"/", "/ok?x=1", "//evil.com", "https://evil.com", `/\x`, "/a/../b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := SanitizeReturnTo(in)
		if out != "/" && out != in {
			t.Fatalf("%q became %q", in, out)
		}
		if !strings.HasPrefix(out, "/") || strings.HasPrefix(out, "//") || strings.Contains(out, `\`) {
			t.Fatalf("%q gave unsafe %q", in, out)
		}
	})
}

func FuzzOpenState(f *testing.F) {
	s, err := newSealer(bytes.Repeat([]byte{1}, SealKeySize))
	if err != nil {
		f.Fatal(err)
	}
	v, err := s.seal(state{State: "st", ProviderID: "sso1", Expires: 42})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(v)
	f.Add("")
	f.Add("AAAA")
	f.Fuzz(func(t *testing.T, in string) {
		st, err := s.open(in)
		if err == nil && in != v {
			// Only values this key sealed open; the seed is the one we know of.
			if st.ProviderID != "sso1" {
				t.Fatalf("%q opened as %+v", in, st)
			}
		}
	})
}
