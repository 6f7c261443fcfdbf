package encfile

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"

	"github.com/dbackup/dbackup/internal/vault"
)

// WrapAlg is the algorithm name of a wrap in its JSON form: AES-256-GCM with the header core as
// associated data. It is written so that a later kind of wrap (for example to an offline escrow
// public key) can be told apart instead of being tried as AES-GCM.
const WrapAlg = "A256GCM"

// Wrap is a file's data key sealed with one profile key: AES-256-GCM under that key, with a
// random nonce and the header core (magic, version, header key id, chunk size, file id) as
// associated data. Every file has one wrap in its header; more wraps of the same data key, made
// by Rewrap when a profile key is rotated or an escrow key is added, are kept in the sidecar and
// passed to NewReader. A wrap opens only for the file whose header core it was made for.
type Wrap struct {
	// KeyID is the key id (vault.KeyID) of the profile key that sealed the data key.
	KeyID string
	// Nonce is the wrap's random AES-GCM nonce.
	Nonce [NonceSize]byte
	// Key is the sealed data key: the 32 encrypted bytes followed by the 16-byte tag.
	Key [WrappedKeySize]byte
}

// wrapJSON is the JSON form of a Wrap, the form sidecars store:
//
//	{"alg":"A256GCM","kid":"<16 hex>","nonce":"<24 hex>","wrapped_key":"<96 hex>"}
type wrapJSON struct {
	Alg        string `json:"alg"`
	KeyID      string `json:"kid"`
	Nonce      string `json:"nonce"`
	WrappedKey string `json:"wrapped_key"`
}

// MarshalJSON encodes w in its sidecar form, with lower-case hex for the binary fields.
func (w Wrap) MarshalJSON() ([]byte, error) {
	if err := w.validate(); err != nil {
		return nil, fmt.Errorf("encfile: %w", err)
	}
	return json.Marshal(wrapJSON{
		Alg:        WrapAlg,
		KeyID:      w.KeyID,
		Nonce:      hex.EncodeToString(w.Nonce[:]),
		WrappedKey: hex.EncodeToString(w.Key[:]),
	})
}

// UnmarshalJSON decodes the sidecar form. Everything must be present and exact (the alg, a
// lower-case key id, lower-case hex of the right lengths), or it fails with ErrMalformedWrap;
// unknown fields are ignored.
func (w *Wrap) UnmarshalJSON(b []byte) error {
	var j wrapJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("encfile: %w: %v", ErrMalformedWrap, err)
	}
	if j.Alg != WrapAlg {
		return fmt.Errorf("encfile: %w: alg %q, want %q", ErrMalformedWrap, j.Alg, WrapAlg)
	}
	var out Wrap
	out.KeyID = j.KeyID
	if err := out.validate(); err != nil {
		return fmt.Errorf("encfile: %w", err)
	}
	if err := decodeLowerHex(out.Nonce[:], j.Nonce); err != nil {
		return fmt.Errorf("encfile: %w: nonce: %v", ErrMalformedWrap, err)
	}
	if err := decodeLowerHex(out.Key[:], j.WrappedKey); err != nil {
		return fmt.Errorf("encfile: %w: wrapped_key: %v", ErrMalformedWrap, err)
	}
	*w = out
	return nil
}

// decodeLowerHex fills dst from exactly 2·len(dst) lower-case hex characters, so that every
// wrap has one text form.
func decodeLowerHex(dst []byte, s string) error {
	if len(s) != 2*len(dst) {
		return fmt.Errorf("%d hex characters, want %d", len(s), 2*len(dst))
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return fmt.Errorf("not lower-case hex at position %d", i+1)
		}
	}
	_, err := hex.Decode(dst, []byte(s))
	return err
}

func (w *Wrap) validate() error {
	if !isKeyID(w.KeyID) {
		return fmt.Errorf("%w: key id %q is not %d lower-case hex characters", ErrMalformedWrap, w.KeyID, keyIDSize)
	}
	return nil
}

// Rewrap returns a new wrap of h's data key under newKey, for the sidecar: the file keeps its
// bytes, and from then on newKey opens it too (pass the wrap to NewReader). oldKey must open one
// of the file's wraps, the one in the header or one of extra; otherwise Rewrap fails with
// ErrWrongKey. Only the new wrap is returned; removing the old profile key from service is the
// caller's business.
func Rewrap(h Header, oldKey, newKey vault.Key, extra ...Wrap) (Wrap, error) {
	return rewrap(rand.Reader, h, oldKey, newKey, extra...)
}

func rewrap(random io.Reader, h Header, oldKey, newKey vault.Key, extra ...Wrap) (Wrap, error) {
	if !h.valid() {
		return Wrap{}, fmt.Errorf("encfile: rewrap: %w: zero header", ErrHeader)
	}
	if newKey == (vault.Key{}) {
		return Wrap{}, fmt.Errorf("encfile: rewrap: %w: the new key is all zeros", vault.ErrInvalidKey)
	}
	oldID := vault.KeyID(oldKey)
	for _, w := range append([]Wrap{h.Wrap()}, extra...) {
		if w.KeyID != oldID {
			continue
		}
		dataKey, err := openWrap(&h, w, oldKey)
		if err != nil {
			continue // another wrap under the same key may still open
		}
		defer clear(dataKey[:])
		var nw Wrap
		if _, err := io.ReadFull(random, nw.Nonce[:]); err != nil {
			return Wrap{}, fmt.Errorf("encfile: rewrap: read nonce: %w", err)
		}
		if err := sealWrap(&nw, &h, newKey, &dataKey); err != nil {
			return Wrap{}, fmt.Errorf("encfile: rewrap: %w", err)
		}
		return nw, nil
	}
	return Wrap{}, fmt.Errorf("encfile: rewrap: %w: key %s opens no wrap of file with key id %s", ErrWrongKey, oldID, h.KeyID())
}

// sealWrap seals dataKey under key into w, whose Nonce is already set, with h's core as
// associated data.
func sealWrap(w *Wrap, h *Header, key vault.Key, dataKey *[DataKeySize]byte) error {
	aead, err := newGCM(key[:])
	if err != nil {
		return err
	}
	w.KeyID = vault.KeyID(key)
	aead.Seal(w.Key[:0], w.Nonce[:], dataKey[:], h.core())
	return nil
}

// openWrap opens w with key. It fails with ErrWrongKey when key is not the key w names, or when
// the wrap does not authenticate against h's core.
func openWrap(h *Header, w Wrap, key vault.Key) ([DataKeySize]byte, error) {
	var dk [DataKeySize]byte
	if vault.KeyID(key) != w.KeyID {
		return dk, fmt.Errorf("encfile: %w: the key for %s has key id %s", ErrWrongKey, w.KeyID, vault.KeyID(key))
	}
	aead, err := newGCM(key[:])
	if err != nil {
		return dk, err
	}
	if _, err := aead.Open(dk[:0], w.Nonce[:], w.Key[:], h.core()); err != nil {
		return [DataKeySize]byte{}, fmt.Errorf("encfile: %w: key %s (the header or the wrap is damaged)", ErrWrongKey, w.KeyID)
	}
	return dk, nil
}

// newGCM returns AES-256-GCM with the standard 12-byte nonce and 16-byte tag.
func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("encfile: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("encfile: %w", err)
	}
	return aead, nil
}
