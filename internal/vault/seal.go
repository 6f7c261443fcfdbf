package vault

import (
	"fmt"
	"io"
)

// Seal encrypts plaintext with the primary key for the given place and returns the sealed value.
// Every call draws a fresh random nonce, so sealing the same plaintext twice gives different
// values.
func (kr *Keyring) Seal(plaintext []byte, p Place) (string, error) {
	if err := p.validate(); err != nil {
		return "", fmt.Errorf("seal %s: %w", p, err)
	}
	e := kr.keys[0]
	payload := make([]byte, NonceSize, NonceSize+len(plaintext)+TagSize)
	if _, err := io.ReadFull(kr.rand, payload); err != nil {
		return "", fmt.Errorf("seal %s: read nonce: %w", p, err)
	}
	payload = e.aead.Seal(payload, payload[:NonceSize], plaintext, p.associatedData())
	return Sealed{Version: Version, KeyID: e.id, Payload: payload}.String(), nil
}

// Open decrypts a sealed value that belongs to place p, with the loaded key its key id names.
// It fails with ErrEmpty for "", ErrMalformed for anything that is not a sealed value, a
// *KeyMismatchError (ErrKeyMismatch) when the key is not loaded, and ErrTampered when the value
// does not authenticate: it was changed, or it belongs to another place. The plaintext of an
// empty secret is a non-nil empty slice.
func (kr *Keyring) Open(sealed string, p Place) ([]byte, error) {
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("open %s: %w", p, err)
	}
	s, err := Parse(sealed)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", p, err)
	}
	return kr.open(s, p)
}

func (kr *Keyring) open(s Sealed, p Place) ([]byte, error) {
	e, err := kr.entry(s.KeyID, false)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", p, err)
	}
	nonce, box := s.Payload[:NonceSize], s.Payload[NonceSize:]
	plain, err := e.aead.Open(make([]byte, 0, len(box)-TagSize), nonce, box, p.associatedData())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w (changed, corrupted, or copied from another row or column)", p, ErrTampered)
	}
	return plain, nil
}

// Reseal re-seals a value with the primary key when it was sealed with a previous key, for key
// rotation. It always opens the value first, so a value that cannot be opened is reported (with
// Open's errors) instead of being carried over. changed is false, and the value is returned as
// it was, when it is already sealed with the primary key.
func (kr *Keyring) Reseal(sealed string, p Place) (resealed string, changed bool, err error) {
	if err := p.validate(); err != nil {
		return "", false, fmt.Errorf("reseal %s: %w", p, err)
	}
	s, err := Parse(sealed)
	if err != nil {
		return "", false, fmt.Errorf("reseal %s: %w", p, err)
	}
	plain, err := kr.open(s, p)
	if err != nil {
		return "", false, fmt.Errorf("reseal: %w", err)
	}
	defer clear(plain)
	if s.KeyID == kr.keys[0].id {
		return sealed, false, nil
	}
	out, err := kr.Seal(plain, p)
	if err != nil {
		return "", false, fmt.Errorf("reseal: %w", err)
	}
	return out, true, nil
}

// NeedsReseal reports whether sealed names a key other than the primary, without opening it. It
// is false for values that do not parse, which Reseal cannot move either.
func (kr *Keyring) NeedsReseal(sealed string) bool {
	s, err := Parse(sealed)
	return err == nil && s.KeyID != kr.keys[0].id
}
