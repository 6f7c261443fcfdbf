package configbackup

import (
	"crypto/hkdf"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/dbackup/dbackup/internal/vault"
)

// profileKeyInfo is the HKDF info string of the "profile-key" envelope. It names the purpose and
// a version, so that a key derived here is never the same as one derived from the same profile
// key for anything else.
const profileKeyInfo = "dbackup config backup secrets v1"

// ErrProfileKeyRequired is a document whose secrets are sealed under an Encryption Profile's key
// that the caller cannot provide: the profile (or its imported key) does not exist here.
var ErrProfileKeyRequired = errors.New("this config backup is sealed under an Encryption Profile's key: import that profile's key (64 hex characters) first")

// ProfileKeyLookup returns the profile key whose public id is keyID. An error it returns is
// passed on wrapped, so that callers can tell a key sealed under another ENCRYPTION_KEY from a
// key that is missing.
type ProfileKeyLookup func(keyID string) (vault.Key, error)

// ParseOptions say how ParseWith opens a sealed document.
type ParseOptions struct {
	// Passphrase opens an "argon2id" envelope.
	Passphrase vault.Secret
	// ProfileKey opens a "profile-key" envelope; nil refuses such a document with
	// ErrProfileKeyRequired.
	ProfileKey ProfileKeyLookup
}

// profileKeySealer seals under HKDF-SHA256 of the profile key, salted with the envelope's fresh
// salt, so that every document gets its own AES key while only the profile key must be kept.
func profileKeySealer(k vault.Key) sealer {
	return sealer{header: Envelope{KDF: kdfProfileKey, KeyID: vault.KeyID(k)},
		key: func(salt []byte) ([]byte, error) { return deriveProfileKey(k, salt) }}
}

func deriveProfileKey(k vault.Key, salt []byte) ([]byte, error) {
	key, err := hkdf.Key(sha256.New, k[:], salt, profileKeyInfo, keyLen)
	if err != nil {
		return nil, fmt.Errorf("config backup: derive key: %w", err)
	}
	return key, nil
}

// profileKeyFor finds the profile key named by keyID and derives the envelope key from it. A
// returned key whose id differs is refused, so that a lookup that ignores its argument cannot
// produce a confusing ErrOpen.
func profileKeyFor(keyID string, salt []byte, lookup ProfileKeyLookup) ([]byte, error) {
	if lookup == nil {
		return nil, fmt.Errorf("%w (key id %s)", ErrProfileKeyRequired, keyID)
	}
	k, err := lookup(keyID)
	if err != nil {
		return nil, fmt.Errorf("%w (key id %s): %w", ErrProfileKeyRequired, keyID, err)
	}
	if vault.KeyID(k) != keyID {
		return nil, fmt.Errorf("%w (key id %s): the lookup returned another key", ErrProfileKeyRequired, keyID)
	}
	return deriveProfileKey(k, salt)
}

// validKeyID reports whether s looks like vault.KeyID's output: lower-case hex of its length.
func validKeyID(s string) bool {
	if len(s) != vault.KeyIDLen {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && (r < 'a' || r > 'f') {
			return false
		}
	}
	return true
}
