package totp

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
)

// RecoveryCodeCount is how many recovery codes a user gets: ten, enough for years of lost
// phones, few enough to print on one card.
const RecoveryCodeCount = 10

// maxRecoveryCodes bounds NewRecoveryCodes' n, so that a bad argument cannot allocate freely.
const maxRecoveryCodes = 100

// recoveryAlphabet is Crockford's base32 in lowercase: no i, l, o or u, so that nothing on
// the printed card can be misread. It has 32 symbols, so one random byte masked to 5 bits
// picks a symbol without bias.
const recoveryAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// recoveryGroup is the number of symbols on each side of the hyphen: two groups of four,
// 8 × 5 = 40 random bits per code.
const recoveryGroup = 4

// ErrInvalidCount is returned by NewRecoveryCodes for n outside 1 to 100.
var ErrInvalidCount = errors.New("invalid number of recovery codes")

// NewRecoveryCodes returns n new recovery codes to show the user once, and the hex SHA-256 of
// each to store (sealed). Codes within one set are distinct.
func NewRecoveryCodes(n int) (codes, hashes []string, err error) {
	return newRecoveryCodes(n, rand.Reader)
}

func newRecoveryCodes(n int, r io.Reader) (codes, hashes []string, err error) {
	if n < 1 || n > maxRecoveryCodes {
		return nil, nil, fmt.Errorf("new recovery codes: %w: %d, want 1 to %d", ErrInvalidCount, n, maxRecoveryCodes)
	}
	seen := make(map[string]bool, n)
	buf := make([]byte, 2*recoveryGroup)
	for len(codes) < n {
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, nil, fmt.Errorf("new recovery codes: read random bytes: %w", err)
		}
		var b strings.Builder
		for i, c := range buf {
			if i == recoveryGroup {
				b.WriteByte('-')
			}
			b.WriteByte(recoveryAlphabet[c&31])
		}
		code := b.String()
		if seen[code] { // one in 2^40 per pair; drawn again so every code counts
			continue
		}
		seen[code] = true
		codes = append(codes, code)
		hashes = append(hashes, hashRecoveryCode(code))
	}
	return codes, hashes, nil
}

// UseRecoveryCode checks code against the stored hashes. When it matches one, ok is true and
// remaining is a new slice without that hash, to store in place of hashes so that the code
// cannot be used again. Otherwise remaining is hashes. Input is forgiving: case, spaces and
// hyphens do not matter, and i, l, o count as 1, 1, 0. Every hash is compared, in constant
// time, whichever matches.
func UseRecoveryCode(code string, hashes []string) (remaining []string, ok bool) {
	canon, valid := canonicalRecoveryCode(code)
	if !valid {
		return hashes, false
	}
	want := []byte(hashRecoveryCode(canon))
	at := -1
	for i, h := range hashes {
		if subtle.ConstantTimeCompare([]byte(h), want) == 1 && at < 0 {
			at = i
		}
	}
	if at < 0 {
		return hashes, false
	}
	remaining = make([]string, 0, len(hashes)-1)
	remaining = append(remaining, hashes[:at]...)
	return append(remaining, hashes[at+1:]...), true
}

// canonicalRecoveryCode returns code in the form NewRecoveryCodes prints, or false when it
// cannot be a recovery code.
func canonicalRecoveryCode(code string) (string, bool) {
	var b strings.Builder
	n := 0 // symbols so far
	for _, c := range strings.ToLower(code) {
		switch c {
		case ' ', '-':
			continue
		case 'o':
			c = '0'
		case 'i', 'l':
			c = '1'
		}
		if !strings.ContainsRune(recoveryAlphabet, c) || n == 2*recoveryGroup {
			return "", false
		}
		if n == recoveryGroup {
			b.WriteByte('-')
		}
		b.WriteRune(c)
		n++
	}
	if n != 2*recoveryGroup {
		return "", false
	}
	return b.String(), true
}

func hashRecoveryCode(canon string) string {
	sum := sha256.Sum256([]byte(canon))
	return hex.EncodeToString(sum[:])
}
