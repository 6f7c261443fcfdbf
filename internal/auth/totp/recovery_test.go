package totp

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var recoveryFormat = regexp.MustCompile(`^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$`)

func TestNewRecoveryCodes(t *testing.T) {
	codes, hashes, err := NewRecoveryCodes(RecoveryCodeCount)
	require.NoError(t, err)
	require.Len(t, codes, 10)
	require.Len(t, hashes, 10)
	seen := map[string]bool{}
	for i, c := range codes {
		require.Regexp(t, recoveryFormat, c)
		require.NotContains(t, hashes[i], c)
		require.Len(t, hashes[i], 64)
		require.False(t, seen[c], "codes are distinct")
		seen[c] = true
	}
}

func TestRecoveryCodeVector(t *testing.T) {
	r := bytes.NewReader([]byte{0, 1, 2, 3, 31, 30, 29, 32 + 18})
	codes, hashes, err := newRecoveryCodes(1, r)
	require.NoError(t, err)
	require.Equal(t, []string{"0123-zyxj"}, codes, "each byte's low 5 bits pick a symbol")
	require.Equal(t, hashRecoveryCode("0123-zyxj"), hashes[0])
}

func TestNewRecoveryCodesDrawsAgainOnADuplicate(t *testing.T) {
	r := io.MultiReader(bytes.NewReader(make([]byte, 16)), bytes.NewReader(bytes.Repeat([]byte{1}, 8)))
	codes, hashes, err := newRecoveryCodes(2, r)
	require.NoError(t, err)
	require.Equal(t, []string{"0000-0000", "1111-1111"}, codes)
	require.Len(t, hashes, 2)

	_, _, err = newRecoveryCodes(2, bytes.NewReader(make([]byte, 24)))
	require.ErrorIs(t, err, io.EOF, "a reader that repeats itself runs out")
}

func TestNewRecoveryCodesCount(t *testing.T) {
	for _, n := range []int{0, -1, maxRecoveryCodes + 1} {
		_, _, err := NewRecoveryCodes(n)
		require.ErrorIs(t, err, ErrInvalidCount, n)
	}
	codes, _, err := NewRecoveryCodes(1)
	require.NoError(t, err)
	require.Len(t, codes, 1)
}

func TestUseRecoveryCode(t *testing.T) {
	codes, hashes, err := NewRecoveryCodes(3)
	require.NoError(t, err)
	original := append([]string(nil), hashes...)

	remaining, ok := UseRecoveryCode(codes[1], hashes)
	require.True(t, ok)
	require.Equal(t, []string{hashes[0], hashes[2]}, remaining)
	require.Equal(t, original, hashes, "the input is not modified")

	again, ok := UseRecoveryCode(codes[1], remaining)
	require.False(t, ok, "a code works once")
	require.Equal(t, remaining, again)

	for _, c := range []string{codes[0], codes[2]} {
		remaining, ok = UseRecoveryCode(c, remaining)
		require.True(t, ok)
	}
	require.Empty(t, remaining)
}

func TestUseRecoveryCodeIsForgiving(t *testing.T) {
	const code = "01ab-cdef"
	hashes := []string{hashRecoveryCode(code)}
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"exact", "01ab-cdef", true},
		{"upper case", "01AB-CDEF", true},
		{"no hyphen", "01abcdef", true},
		{"spaces", " 01ab cdef ", true},
		{"o for zero, l for one", "olab-cdef", true},
		{"O for zero, I for one", "OIAB-CDEF", true},
		{"wrong code", "01ab-cdeg", false},
		{"short", "01ab-cde", false},
		{"long", "01ab-cdef0", false},
		{"u is not in the alphabet", "01ab-cdeu", false},
		{"punctuation", "01ab.cdef", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			remaining, ok := UseRecoveryCode(tt.in, hashes)
			require.Equal(t, tt.ok, ok)
			if ok {
				require.Empty(t, remaining)
			} else {
				require.Equal(t, hashes, remaining)
			}
		})
	}
}

func TestUseRecoveryCodeWithNoHashes(t *testing.T) {
	remaining, ok := UseRecoveryCode("01ab-cdef", nil)
	require.False(t, ok)
	require.Empty(t, remaining)
}

func FuzzCanonicalRecoveryCode(f *testing.F) {
	f.Add("01ab-cdef")
	f.Add("OIAB CDEF")
	f.Fuzz(func(t *testing.T, s string) {
		canon, ok := canonicalRecoveryCode(s)
		if !ok {
			return
		}
		require.Regexp(t, recoveryFormat, canon)
		again, ok := canonicalRecoveryCode(strings.ToUpper(canon))
		require.True(t, ok)
		require.Equal(t, canon, again)
	})
}
