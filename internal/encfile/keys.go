package encfile

import "github.com/dbackup/dbackup/internal/vault"

// KeyLookup finds profile keys by key id for NewReader, which calls LookupKey once for the key
// id in the file's header and once for each extra wrap, in that order, until a key opens the
// file's data key.
type KeyLookup interface {
	// LookupKey returns the profile key whose vault.KeyID is kid. It returns an error matching
	// ErrUnknownKey when it has no such key; any other error stops NewReader, which returns it
	// wrapped.
	LookupKey(kid string) (vault.Key, error)
}

// KeyLookupFunc adapts a function to KeyLookup.
type KeyLookupFunc func(kid string) (vault.Key, error)

// LookupKey returns f(kid).
func (f KeyLookupFunc) LookupKey(kid string) (vault.Key, error) { return f(kid) }

var (
	_ KeyLookup = KeyLookupFunc(nil)
	_ KeyLookup = keySet(nil)
)

// keySet is a KeyLookup over a fixed set of keys.
type keySet map[string]vault.Key

// Keys returns a KeyLookup that knows the given keys, by their key ids.
func Keys(keys ...vault.Key) KeyLookup {
	s := make(keySet, len(keys))
	for _, k := range keys {
		s[vault.KeyID(k)] = k
	}
	return s
}

func (s keySet) LookupKey(kid string) (vault.Key, error) {
	k, ok := s[kid]
	if !ok {
		return vault.Key{}, &UnknownKeyError{KeyID: kid}
	}
	return k, nil
}
