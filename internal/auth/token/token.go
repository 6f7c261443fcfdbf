package token

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
)

// EntropyBytes is the number of random bytes in a session token or an API key: 256 bits, so
// that neither can be guessed and a fast hash of one cannot be reversed by search.
const EntropyBytes = 32

// APIKeyMarker starts every API key, so that people and secret scanners recognise one.
const APIKeyMarker = "dbk_"

// PrefixLen is the length of an API key's display and lookup prefix: the marker and 8
// characters, 40 random bits, so that prefixes of a few thousand keys practically never
// collide (the prefix column is unique; a collision is an insert error and a new key).
const PrefixLen = len(APIKeyMarker) + 8

// SessionTokenLen is the length of a session token: EntropyBytes in unpadded base64,
// ⌈32·8/6⌉ = 43 characters.
const SessionTokenLen = (EntropyBytes*8 + 5) / 6

// APIKeyLen is the length of an API key: the marker and EntropyBytes in unpadded base32,
// 4 + ⌈32·8/5⌉ = 56 characters.
const APIKeyLen = len(APIKeyMarker) + (EntropyBytes*8+4)/5

// Errors for values that are not of this package's formats.
var (
	ErrMalformedToken = errors.New("malformed session token")
	ErrMalformedKey   = errors.New("malformed API key")
)

var (
	// b64 encodes session tokens: URL- and cookie-safe, no padding, one spelling per value.
	b64 = base64.RawURLEncoding.Strict()
	// b32 encodes API keys: lowercase RFC 4648 base32 without padding.
	b32 = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)
)

// Generator makes tokens and keys from its random source. The zero Generator, and the package
// functions, use crypto/rand.
type Generator struct {
	// Rand is the random source; nil means crypto/rand. Only tests should set it.
	Rand io.Reader
}

func (g Generator) random() ([]byte, error) {
	b := make([]byte, EntropyBytes)
	r := g.Rand
	if r == nil {
		r = rand.Reader
	}
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, fmt.Errorf("read random bytes: %w", err)
	}
	return b, nil
}

// NewSessionToken returns a new session token to send to the browser and the hash to store.
func (g Generator) NewSessionToken() (plain, hash string, err error) {
	b, err := g.random()
	if err != nil {
		return "", "", fmt.Errorf("new session token: %w", err)
	}
	plain = b64.EncodeToString(b)
	return plain, hashSession(plain), nil
}

// NewAPIKey returns a new API key to show once, its prefix to store in clear, and the hash of
// the whole key to store sealed.
func (g Generator) NewAPIKey() (plain, prefix string, hash []byte, err error) {
	b, err := g.random()
	if err != nil {
		return "", "", nil, fmt.Errorf("new API key: %w", err)
	}
	plain = APIKeyMarker + b32.EncodeToString(b)
	return plain, plain[:PrefixLen], HashAPIKey(plain), nil
}

// NewSessionToken returns a new session token and the hex SHA-256 to store; see
// Generator.NewSessionToken.
func NewSessionToken() (plain, hash string) {
	plain, hash, err := Generator{}.NewSessionToken()
	if err != nil { // crypto/rand never fails (it crashes the program instead)
		panic(err)
	}
	return plain, hash
}

// NewAPIKey returns a new API key, its prefix and its SHA-256; see Generator.NewAPIKey.
func NewAPIKey() (plain, prefix string, hash []byte) {
	plain, prefix, hash, err := Generator{}.NewAPIKey()
	if err != nil { // crypto/rand never fails (it crashes the program instead)
		panic(err)
	}
	return plain, prefix, hash
}

// HashSessionToken returns the hash stored for a session token presented by a client, to look
// the session up. It fails with ErrMalformedToken when plain is not a session token, so that
// arbitrary cookie values never reach the database.
func HashSessionToken(plain string) (string, error) {
	if len(plain) != SessionTokenLen {
		return "", fmt.Errorf("%w: want %d characters", ErrMalformedToken, SessionTokenLen)
	}
	if _, err := b64.DecodeString(plain); err != nil || strings.ContainsAny(plain, "\r\n") {
		return "", fmt.Errorf("%w: not unpadded base64url", ErrMalformedToken)
	}
	return hashSession(plain), nil
}

func hashSession(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}

// ParseAPIKey checks that s has the form of an API key and returns its prefix, to look the key
// up. It fails with ErrMalformedKey, which never includes s.
func ParseAPIKey(s string) (prefix string, err error) {
	body, ok := strings.CutPrefix(s, APIKeyMarker)
	if !ok {
		return "", fmt.Errorf("%w: does not start with %q", ErrMalformedKey, APIKeyMarker)
	}
	if len(s) != APIKeyLen {
		return "", fmt.Errorf("%w: want %d characters", ErrMalformedKey, APIKeyLen)
	}
	for i := 0; i < len(body); i++ {
		if c := body[i]; (c < 'a' || c > 'z') && (c < '2' || c > '7') {
			return "", fmt.Errorf("%w: want lowercase base32 after %q", ErrMalformedKey, APIKeyMarker)
		}
	}
	// The last character carries only one bit; refusing the 15 other spellings of the same
	// bytes keeps one key, one string.
	if b, err := b32.DecodeString(body); err != nil || b32.EncodeToString(b) != body {
		return "", fmt.Errorf("%w: not canonical base32", ErrMalformedKey)
	}
	return s[:PrefixLen], nil
}

// HashAPIKey returns the SHA-256 of the whole key, the value stored (sealed) for it.
func HashAPIKey(plain string) []byte {
	sum := sha256.Sum256([]byte(plain))
	return sum[:]
}

// EqualHash reports whether two hashes are equal, in time that does not depend on where they
// differ. Hashes of different lengths are never equal.
func EqualHash(a, b []byte) bool {
	return subtle.ConstantTimeCompare(a, b) == 1
}
