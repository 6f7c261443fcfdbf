package vault

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// fingerprintHexLen is the length of the hash part of a fingerprint: a full HMAC-SHA256 in hex.
// It is not truncated, because fingerprints are compared to authenticate API keys.
const fingerprintHexLen = 2 * sha256.Size

// Fingerprint returns a keyed hash of secret (an API key) for storing and looking up, in the
// form "<kid>:<64 hex>": HMAC-SHA256 of secret under a subkey derived from the primary key with
// HKDF-SHA256 (no salt, info "dbackup api key fingerprint v1"). The same secret always gives the
// same fingerprint under the same key, so it can be a unique database index; without the key,
// a stolen database does not let anyone test API key guesses.
func (kr *Keyring) Fingerprint(secret []byte) string {
	return fingerprint(kr.keys[0], secret)
}

// Fingerprints returns the fingerprint of secret under every loaded key, the primary first, so
// that during a rotation a lookup can find API keys fingerprinted under a previous key.
func (kr *Keyring) Fingerprints(secret []byte) []string {
	fps := make([]string, len(kr.keys))
	for i, e := range kr.keys {
		fps[i] = fingerprint(e, secret)
	}
	return fps
}

func fingerprint(e *keyEntry, secret []byte) string {
	return e.id + ":" + hex.EncodeToString(fingerprintMAC(e, secret))
}

func fingerprintMAC(e *keyEntry, secret []byte) []byte {
	m := hmac.New(sha256.New, e.fpKey)
	m.Write(secret)
	return m.Sum(nil)
}

// VerifyFingerprint reports whether fp is the fingerprint of secret, using the loaded key that
// fp's key id names and a constant-time comparison. It fails with ErrMalformed when fp is not a
// fingerprint and with a *KeyMismatchError (ErrKeyMismatch) when its key is not loaded.
func (kr *Keyring) VerifyFingerprint(secret []byte, fp string) (bool, error) {
	kid, sum, ok := strings.Cut(fp, ":")
	if !ok || len(kid) != KeyIDLen || !isLowerHex(kid) || len(sum) != fingerprintHexLen || !isLowerHex(sum) {
		return false, fmt.Errorf("verify fingerprint: %w: want <%d hex>:<%d hex>", ErrMalformed, KeyIDLen, fingerprintHexLen)
	}
	want, err := hex.DecodeString(sum)
	if err != nil { // unreachable after isLowerHex
		return false, fmt.Errorf("verify fingerprint: %w: %v", ErrMalformed, err)
	}
	e, err := kr.entry(kid, true)
	if err != nil {
		return false, fmt.Errorf("verify fingerprint: %w", err)
	}
	return hmac.Equal(fingerprintMAC(e, secret), want), nil
}
