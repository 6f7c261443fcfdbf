package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"
	"strings"
)

// fingerprintInfo is the HKDF info that derives the fingerprint subkey from a key. The version
// suffix lets a future fingerprint scheme use a different subkey.
const fingerprintInfo = "dbackup api key fingerprint v1"

// fingerprintKeySize is the size of the fingerprint subkey: 32 bytes matches SHA-256's output
// size, and HMAC-SHA256 gains no strength from a longer key.
const fingerprintKeySize = 32

// Keyring is the primary key plus the previous keys loaded during a rotation. It is immutable
// and safe for concurrent use. Its String and Format print key ids only.
type Keyring struct {
	keys []*keyEntry // keys[0] is the primary
	byID map[string]*keyEntry
	rand io.Reader // nonce source
}

// keyEntry is one loaded key with everything derived from it, computed once.
type keyEntry struct {
	id    string
	key   Key
	aead  cipher.AEAD
	fpKey []byte // HKDF-SHA256(key, info=fingerprintInfo)
}

// NewKeyring returns a keyring that seals with primary and opens values sealed with primary or
// any of previous. It fails when a key is all zeros (an uninitialised Key) or when two keys are
// the same.
func NewKeyring(primary Key, previous ...Key) (*Keyring, error) {
	kr := &Keyring{byID: make(map[string]*keyEntry, 1+len(previous)), rand: rand.Reader}
	for i, k := range append([]Key{primary}, previous...) {
		name := "primary key"
		if i > 0 {
			name = fmt.Sprintf("previous key %d", i)
		}
		if k == (Key{}) {
			return nil, fmt.Errorf("new keyring: %s is all zeros: %w", name, ErrInvalidKey)
		}
		e, err := newKeyEntry(k)
		if err != nil {
			return nil, fmt.Errorf("new keyring: %s: %w", name, err)
		}
		if _, dup := kr.byID[e.id]; dup {
			return nil, fmt.Errorf("new keyring: %s (%s) is loaded twice: %w", name, e.id, ErrInvalidKey)
		}
		kr.keys = append(kr.keys, e)
		kr.byID[e.id] = e
	}
	return kr, nil
}

func newKeyEntry(k Key) (*keyEntry, error) {
	block, err := aes.NewCipher(k[:])
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCMWithNonceSize(block, NonceSize)
	if err != nil {
		return nil, err
	}
	fpKey, err := hkdf.Key(sha256.New, k[:], nil, fingerprintInfo, fingerprintKeySize)
	if err != nil {
		return nil, err
	}
	return &keyEntry{id: KeyID(k), key: k, aead: aead, fpKey: fpKey}, nil
}

// WithRand returns a copy of kr that draws nonces from r instead of crypto/rand. It exists so
// tests can pin nonces; never use a predictable reader in production, since a repeated nonce
// under one key breaks AES-GCM.
func (kr *Keyring) WithRand(r io.Reader) *Keyring {
	c := *kr
	c.rand = r
	return &c
}

// Primary returns the key new values are sealed with.
func (kr *Keyring) Primary() Key { return kr.keys[0].key }

// PrimaryID returns the key id of the primary key.
func (kr *Keyring) PrimaryID() string { return kr.keys[0].id }

// KeyIDs returns the ids of all loaded keys, the primary first.
func (kr *Keyring) KeyIDs() []string {
	ids := make([]string, len(kr.keys))
	for i, e := range kr.keys {
		ids[i] = e.id
	}
	return ids
}

// Has reports whether the key with id kid is loaded.
func (kr *Keyring) Has(kid string) bool {
	_, ok := kr.byID[kid]
	return ok
}

// entry returns the loaded key named kid, or a *KeyMismatchError.
func (kr *Keyring) entry(kid string, fingerprint bool) (*keyEntry, error) {
	if e, ok := kr.byID[kid]; ok {
		return e, nil
	}
	return nil, &KeyMismatchError{KeyID: kid, Known: kr.KeyIDs(), fingerprint: fingerprint}
}

// String returns "vault.Keyring(<primary kid>, previous <kid>, …)".
func (kr *Keyring) String() string {
	if kr == nil || len(kr.keys) == 0 {
		return "vault.Keyring(empty)"
	}
	ids := kr.KeyIDs()
	if len(ids) == 1 {
		return "vault.Keyring(" + ids[0] + ")"
	}
	return "vault.Keyring(" + ids[0] + ", previous " + strings.Join(ids[1:], ", ") + ")"
}

// GoString returns String, so %#v does not print the keys.
func (kr *Keyring) GoString() string { return kr.String() }

// Format prints String for every verb; without it %v of a *Keyring would print the key bytes.
func (kr *Keyring) Format(f fmt.State, _ rune) { io.WriteString(f, kr.String()) }
