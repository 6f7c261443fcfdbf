package recoverykit

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/dbackup/dbackup/internal/vault"
)

// The errors of this package; every error Write and LoadKit return matches one of them with
// errors.Is, and its message names the file at fault and what to do.
var (
	// ErrInvalidKey reports a key given to Write that is not a usable profile key.
	ErrInvalidKey = errors.New("invalid recovery kit key")

	// ErrInvalidKit reports a kit folder that cannot be read: a missing or malformed
	// keys/keys.json or key file.
	ErrInvalidKit = errors.New("invalid recovery kit")

	// ErrKeyMismatch reports a key file whose key id is not the one keys/keys.json records for
	// it: the file was edited or swapped, and trusting it would try the wrong key.
	ErrKeyMismatch = errors.New("recovery kit key file does not match its key id")
)

// Key is one Encryption Profile's key as it goes into a kit. Its String and Format print the
// profile and the key id only, never the key bytes.
type Key struct {
	ProfileID, ProfileName string
	// Key is the 32-byte profile key.
	Key []byte
}

// KeyID returns the key's public id (vault.KeyID), or "" when Key is not 32 bytes long.
func (k Key) KeyID() string {
	var vk vault.Key
	if len(k.Key) != len(vk) {
		return ""
	}
	copy(vk[:], k.Key)
	return vault.KeyID(vk)
}

// String returns the profile and the key id, such as `recoverykit.Key("prod", 7cdcce143eed76ce)`.
func (k Key) String() string { return fmt.Sprintf("recoverykit.Key(%q, %s)", k.ProfileName, k.KeyID()) }

// Format prints String for every verb, so that %x or %#v cannot print the key bytes.
func (k Key) Format(f fmt.State, _ rune) { io.WriteString(f, k.String()) }

// vaultKey checks k and returns it as a vault.Key.
func (k Key) vaultKey() (vault.Key, error) {
	var vk vault.Key
	if len(k.Key) != len(vk) {
		return vk, fmt.Errorf("%w: the key of profile %q is %d bytes, want %d", ErrInvalidKey, k.ProfileName, len(k.Key), len(vk))
	}
	copy(vk[:], k.Key)
	if vk == (vault.Key{}) {
		return vk, fmt.Errorf("%w: the key of profile %q is all zeros", ErrInvalidKey, k.ProfileName)
	}
	return vk, nil
}

// indexVersion is the version of keys/keys.json that Write writes and LoadKit reads.
const indexVersion = 1

// Paths inside a kit.
const (
	keysDir   = "keys"
	indexPath = keysDir + "/keys.json"
	keyExt    = ".key"
)

// index is keys/keys.json:
//
//	{"version":1,"createdAt":"…","keys":[{"kid":"<16 hex>","profileId":"…","profileName":"…","file":"keys/<name>.key"}]}
type index struct {
	Version   int          `json:"version"`
	CreatedAt string       `json:"createdAt,omitempty"`
	Keys      []indexEntry `json:"keys"`
}

type indexEntry struct {
	KeyID       string `json:"kid"`
	ProfileID   string `json:"profileId"`
	ProfileName string `json:"profileName"`
	// File is the key file's path relative to the kit folder, with forward slashes.
	File string `json:"file"`
}

// newIndex lays out the kit's keys: their key ids and unique, file-system-safe file names.
func newIndex(keys []Key, now time.Time) (index, []vault.Key, error) {
	if len(keys) == 0 {
		return index{}, nil, fmt.Errorf("%w: a kit needs at least one profile key", ErrInvalidKey)
	}
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.ProfileName
	}
	stems := uniqueNames(names)
	idx := index{Version: indexVersion, CreatedAt: now.UTC().Format(time.RFC3339), Keys: make([]indexEntry, len(keys))}
	vks := make([]vault.Key, len(keys))
	for i, k := range keys {
		vk, err := k.vaultKey()
		if err != nil {
			return index{}, nil, err
		}
		vks[i] = vk
		idx.Keys[i] = indexEntry{KeyID: vault.KeyID(vk), ProfileID: k.ProfileID, ProfileName: k.ProfileName,
			File: keysDir + "/" + stems[i] + keyExt}
	}
	return idx, vks, nil
}
