package configbackup

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"

	"golang.org/x/crypto/argon2"

	"github.com/dbackup/dbackup/internal/vault"
)

// Envelope names of the algorithms, written into the file so that a reader can refuse others.
const (
	kdfArgon2id = "argon2id"
	// kdfProfileKey derives the envelope key from an Encryption Profile's key (profilekey.go).
	kdfProfileKey = "profile-key"
	cipherAESGCM  = "AES-256-GCM"
)

// Sizes of the envelope's random values and key.
const (
	// saltLen is 128 bits, so that two exports never share a derived key by chance.
	saltLen = 16
	// nonceLen is GCM's standard 96-bit nonce; every export draws a fresh key, so a random
	// nonce never repeats under one key.
	nonceLen = 12
	// keyLen is an AES-256 key.
	keyLen = 32
)

// KDFParams are the Argon2id costs of the passphrase key. They travel in the file; Parse refuses
// values outside the bounds below, so that a crafted file cannot make an import allocate
// gigabytes or spin for minutes.
type KDFParams struct {
	Time      uint32 `json:"time,omitempty"`
	MemoryKiB uint32 `json:"memoryKiB,omitempty"`
	Threads   uint8  `json:"threads,omitempty"`
}

// DefaultKDF is what Export uses unless told otherwise: 3 passes over 64 MiB with 4 lanes,
// which takes well under a second on a server for a file made once in a while.
var DefaultKDF = KDFParams{Time: 3, MemoryKiB: 64 * 1024, Threads: 4}

// Bounds of KDFParams, checked on export and on import.
const (
	minKDFTime   = 1
	maxKDFTime   = 10
	minKDFMemory = 8 * 1024   // 8 MiB: below this Argon2id adds little over a fast hash
	maxKDFMemory = 256 * 1024 // 256 MiB, four times the default: more would let a crafted file exhaust a small server
	minKDFLanes  = 1
	maxKDFLanes  = 16
)

// Validate checks the parameters against the bounds.
func (p KDFParams) Validate() error {
	if p.Time < minKDFTime || p.Time > maxKDFTime ||
		p.MemoryKiB < minKDFMemory || p.MemoryKiB > maxKDFMemory ||
		p.Threads < minKDFLanes || p.Threads > maxKDFLanes {
		return fmt.Errorf("%w: argon2id parameters t=%d m=%dKiB p=%d out of bounds (t %d–%d, m %d–%d KiB, p %d–%d)",
			ErrFormat, p.Time, p.MemoryKiB, p.Threads, minKDFTime, maxKDFTime, minKDFMemory, maxKDFMemory, minKDFLanes, maxKDFLanes)
	}
	return nil
}

// Envelope holds the sealed secrets of a document. Ciphertext is the last member of the
// document, so that the associated data (the file without it) is simple to form.
type Envelope struct {
	KDF string `json:"kdf"`
	// KeyID is the public id of the Encryption Profile key the envelope key is derived from,
	// with kdf "profile-key" only.
	KeyID      string `json:"keyId,omitempty"`
	KDFParams         // time, memoryKiB, threads, inline; argon2id only
	Salt       string `json:"salt"`
	Cipher     string `json:"cipher"`
	Nonce      string `json:"nonce"`
	Ciphertext string `json:"ciphertext"`
}

// b64 is the encoding of salt, nonce and ciphertext: standard, padded, and strict so that a
// value has exactly one spelling.
var b64 = base64.StdEncoding.Strict()

// ciphertextMember is how the empty ciphertext member looks in the marshalled document.
var ciphertextMember = []byte(`"ciphertext": ""`)

// deriveKey stretches the passphrase.
func deriveKey(pass vault.Secret, salt []byte, p KDFParams) []byte {
	return argon2.IDKey([]byte(pass.Reveal()), salt, p.Time, p.MemoryKiB, p.Threads, keyLen)
}

func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// sealer is how an export seals its envelope: the envelope's header members, and the AES key
// derived from the envelope's fresh salt.
type sealer struct {
	header Envelope
	key    func(salt []byte) ([]byte, error)
}

// passphraseSealer seals under a key stretched from a passphrase with Argon2id.
func passphraseSealer(pass vault.Secret, p KDFParams) sealer {
	return sealer{header: Envelope{KDF: kdfArgon2id, KDFParams: p},
		key: func(salt []byte) ([]byte, error) { return deriveKey(pass, salt, p), nil }}
}

// seal marshals doc with a fresh envelope around plaintext: the associated data is the whole
// marshalled file with an empty ciphertext, and the ciphertext is then spliced into it.
func seal(doc *Document, plaintext []byte, s sealer, rnd io.Reader) ([]byte, error) {
	salt, nonce := make([]byte, saltLen), make([]byte, nonceLen)
	if _, err := io.ReadFull(rnd, salt); err != nil {
		return nil, fmt.Errorf("config backup salt: %w", err)
	}
	if _, err := io.ReadFull(rnd, nonce); err != nil {
		return nil, fmt.Errorf("config backup nonce: %w", err)
	}
	env := s.header
	env.Salt, env.Cipher, env.Nonce = b64.EncodeToString(salt), cipherAESGCM, b64.EncodeToString(nonce)
	doc.Envelope = &env
	ad, err := marshal(doc)
	if err != nil {
		return nil, err
	}
	at := bytes.LastIndex(ad, ciphertextMember)
	if at < 0 {
		return nil, fmt.Errorf("config backup: envelope member not found") // cannot happen: Envelope is last
	}
	key, err := s.key(salt)
	if err != nil {
		return nil, err
	}
	aead, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	ct := b64.EncodeToString(aead.Seal(nil, nonce, plaintext, ad))
	split := at + len(ciphertextMember) - 1 // just before the closing quote
	out := make([]byte, 0, len(ad)+len(ct))
	out = append(append(append(out, ad[:split]...), ct...), ad[split:]...)
	doc.Envelope.Ciphertext = ct
	return out, nil
}

// open authenticates data, whose parsed form is doc, and returns the plaintext secrets.
func open(data []byte, doc *Document, opts ParseOptions) ([]byte, error) {
	env := doc.Envelope
	if env.Cipher != cipherAESGCM {
		return nil, fmt.Errorf("%w: envelope cipher %q, want %s", ErrFormat, env.Cipher, cipherAESGCM)
	}
	switch env.KDF {
	case kdfArgon2id:
		if env.KeyID != "" {
			return nil, fmt.Errorf("%w: an argon2id envelope names no key id", ErrFormat)
		}
		if err := env.KDFParams.Validate(); err != nil {
			return nil, err
		}
	case kdfProfileKey:
		if env.KDFParams != (KDFParams{}) || !validKeyID(env.KeyID) {
			return nil, fmt.Errorf("%w: a profile-key envelope has a key id and no argon2id parameters", ErrFormat)
		}
	default:
		return nil, fmt.Errorf("%w: envelope kdf %q, want %s or %s", ErrFormat, env.KDF, kdfArgon2id, kdfProfileKey)
	}
	salt, err := b64.DecodeString(env.Salt)
	if err != nil || len(salt) != saltLen {
		return nil, fmt.Errorf("%w: envelope salt must be %d bytes of base64", ErrFormat, saltLen)
	}
	nonce, err := b64.DecodeString(env.Nonce)
	if err != nil || len(nonce) != nonceLen {
		return nil, fmt.Errorf("%w: envelope nonce must be %d bytes of base64", ErrFormat, nonceLen)
	}
	ct, err := b64.DecodeString(env.Ciphertext)
	if err != nil || env.Ciphertext == "" {
		return nil, fmt.Errorf("%w: envelope ciphertext is not base64", ErrFormat)
	}
	// The associated data is the file with the ciphertext's characters removed. Its last
	// quoted occurrence is the member itself, since the envelope ends the document; if a
	// crafted file makes this pick another spot, the associated data differs and GCM refuses.
	at := bytes.LastIndex(data, []byte(`"`+env.Ciphertext+`"`))
	if at < 0 {
		return nil, fmt.Errorf("%w: envelope ciphertext is not written as plain base64", ErrFormat)
	}
	ad := make([]byte, 0, len(data))
	ad = append(append(ad, data[:at+1]...), data[at+1+len(env.Ciphertext):]...)
	var key []byte
	if env.KDF == kdfProfileKey {
		if key, err = profileKeyFor(env.KeyID, salt, opts.ProfileKey); err != nil {
			return nil, err
		}
	} else {
		if opts.Passphrase.IsEmpty() {
			return nil, ErrPassphraseRequired
		}
		key = deriveKey(opts.Passphrase, salt, env.KDFParams)
	}
	aead, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	plain, err := aead.Open(nil, nonce, ct, ad)
	if err != nil {
		return nil, ErrOpen
	}
	return plain, nil
}

// marshal writes a document the way Export does: indented by two spaces, with a final newline.
func marshal(doc *Document) ([]byte, error) {
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("marshal config backup: %w", err)
	}
	return append(out, '\n'), nil
}
