package offline

import (
	"fmt"
	"os"
	"slices"

	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/dbackup/dbackup/internal/recoverykit"
	"github.com/dbackup/dbackup/internal/vault"
)

// KitIndex is the index of a Recovery Kit's keys, relative to the kit's folder.
const KitIndex = "keys/keys.json"

// Key is a profile key with what is known about it.
type Key struct {
	ProfileID   string
	ProfileName string
	// KeyID is vault.KeyID(Key).
	KeyID string
	Key   vault.Key
	// Source says where the key came from, for messages: a key file or a kit entry.
	Source string
}

// LoadKit reads the keys of the Recovery Kit in dir with recoverykit.LoadKit (keys/keys.json
// and the key files it names; every key's id must equal its kid). Errors match ErrKit and never
// contain key material.
func LoadKit(dir string) ([]Key, error) {
	kit, err := recoverykit.LoadKit(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKit, err)
	}
	keys := make([]Key, 0, len(kit))
	for _, k := range kit {
		var vk vault.Key
		copy(vk[:], k.Key)
		keys = append(keys, Key{ProfileID: k.ProfileID, ProfileName: k.ProfileName, KeyID: k.KeyID(), Key: vk,
			Source: "kit profile " + k.ProfileName})
	}
	return keys, nil
}

// ReadKeyFile reads one profile key (64 hex characters) from a file.
func ReadKeyFile(path string) (Key, error) {
	k, _, err := vault.ReadKeyFile(path)
	if err != nil {
		return Key{}, err
	}
	return Key{KeyID: vault.KeyID(k), Key: k, Source: path}, nil
}

func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, limit)
	}
	b := make([]byte, st.Size())
	_, err = f.ReadAt(b, 0)
	if err != nil && st.Size() > 0 {
		return nil, err
	}
	return b, nil
}

// Keyring is the set of keys a recovery may use. It is an encfile.KeyLookup.
type Keyring struct{ keys []Key }

var _ encfile.KeyLookup = (*Keyring)(nil)

// NewKeyring returns a keyring of keys. One key may appear under several profiles (a key
// imported again into another profile); exact repeats are dropped.
func NewKeyring(keys ...Key) *Keyring {
	kr := &Keyring{}
	for _, k := range keys {
		if !slices.ContainsFunc(kr.keys, func(o Key) bool { return o.KeyID == k.KeyID && o.ProfileID == k.ProfileID }) {
			kr.keys = append(kr.keys, k)
		}
	}
	return kr
}

// Len returns the number of keys.
func (kr *Keyring) Len() int {
	if kr == nil {
		return 0
	}
	return len(kr.keys)
}

// Has reports whether the keyring holds the key with id kid.
func (kr *Keyring) Has(kid string) bool {
	_, ok := kr.find(kid)
	return ok
}

func (kr *Keyring) find(kid string) (Key, bool) {
	if kr == nil {
		return Key{}, false
	}
	i := slices.IndexFunc(kr.keys, func(k Key) bool { return k.KeyID == kid })
	if i < 0 {
		return Key{}, false
	}
	return kr.keys[i], true
}

// LookupKey implements encfile.KeyLookup.
func (kr *Keyring) LookupKey(kid string) (vault.Key, error) {
	k, ok := kr.find(kid)
	if !ok {
		return vault.Key{}, &encfile.UnknownKeyError{KeyID: kid}
	}
	return k.Key, nil
}

// HasProfile reports whether a key of the profile with this id is known.
func (kr *Keyring) HasProfile(id string) bool {
	return kr != nil && id != "" && slices.ContainsFunc(kr.keys, func(k Key) bool { return k.ProfileID == id })
}

// Candidates returns the keys to try for a legacy file of profile id: that profile's keys
// first, then every other key (a key file has no profile id, and profiles may have been
// re-imported under another id).
func (kr *Keyring) Candidates(profileID string) []Key {
	if kr == nil {
		return nil
	}
	var first, rest []Key
	for _, k := range kr.keys {
		if profileID != "" && k.ProfileID == profileID {
			first = append(first, k)
		} else {
			rest = append(rest, k)
		}
	}
	var out []Key
	seen := map[string]bool{}
	for _, k := range append(first, rest...) {
		if !seen[k.KeyID] {
			seen[k.KeyID] = true
			out = append(out, k)
		}
	}
	return out
}
