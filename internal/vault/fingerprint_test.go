package vault

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestFingerprint(t *testing.T) {
	apiKey := []byte("dbk_live_4f9a1c2e7b")
	kr := testKeyring(t, 0)
	fp := kr.Fingerprint(apiKey)
	require.Regexp(t, `^[0-9a-f]{16}:[0-9a-f]{64}$`, fp)
	require.True(t, strings.HasPrefix(fp, kr.PrimaryID()+":"))
	require.Equal(t, fp, testKeyring(t, 0).Fingerprint(apiKey), "stable for the same key")
	require.NotEqual(t, fp, kr.Fingerprint([]byte("dbk_live_4f9a1c2e7c")))

	other := testKeyring(t, 0x20).Fingerprint(apiKey)
	require.NotEqual(t, fp[KeyIDLen:], other[KeyIDLen:], "differs across keys")

	ok, err := kr.VerifyFingerprint(apiKey, fp)
	require.NoError(t, err)
	require.True(t, ok)
	ok, err = kr.VerifyFingerprint([]byte("wrong"), fp)
	require.NoError(t, err)
	require.False(t, ok)

	rotated := testKeyring(t, 0x20, 0)
	ok, err = rotated.VerifyFingerprint(apiKey, fp)
	require.NoError(t, err)
	require.True(t, ok, "verifies with a previous key")
	require.Equal(t, []string{other, fp}, rotated.Fingerprints(apiKey))

	_, err = testKeyring(t, 0x40).VerifyFingerprint(apiKey, fp)
	var km *KeyMismatchError
	require.True(t, errors.As(err, &km))
	require.ErrorIs(t, err, ErrKeyMismatch)
	require.Equal(t, kr.PrimaryID(), km.KeyID)
	require.Contains(t, err.Error(), "fingerprint made with key "+kr.PrimaryID())

	for _, bad := range []string{"", "nocolon", fp[:len(fp)-1], fp + "0", strings.ToUpper(fp), strings.Replace(fp, ":", ".", 1), fp[:KeyIDLen] + ":" + strings.Repeat("g", 64)} {
		_, err := kr.VerifyFingerprint(apiKey, bad)
		require.ErrorIs(t, err, ErrMalformed, "%q", bad)
	}
}

// TestVerifyFingerprintComparesInConstantTime guards the comparison against a refactoring into
// ==, bytes.Equal or string comparison, which leak through timing how much of a guess is right.
func TestVerifyFingerprintComparesInConstantTime(t *testing.T) {
	src, err := os.ReadFile("fingerprint.go")
	require.NoError(t, err)
	body := string(src)[strings.Index(string(src), "func (kr *Keyring) VerifyFingerprint"):]
	require.Contains(t, body, "hmac.Equal(")
	require.NotContains(t, body, "bytes.Equal(")
	require.NotRegexp(t, `(sum|want|fp)\s*==`, body)
}

func BenchmarkFingerprint(b *testing.B) {
	kr := testKeyring(b, 0)
	for b.Loop() {
		kr.Fingerprint(benchSecret)
	}
}
