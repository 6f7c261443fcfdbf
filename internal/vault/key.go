package vault

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"unicode/utf8"
)

// KeySize is the size of an ENCRYPTION_KEY in bytes: AES-256 needs a 256-bit key.
const KeySize = 32

// keyHexLen is the length of a key written as hex, the only form DBackup accepts from people.
const keyHexLen = 2 * KeySize

// KeyIDLen is the length of a key id in hex characters: 8 bytes of HMAC output are plenty to
// tell the few keys of one installation apart, and short enough to read in a log line.
const KeyIDLen = 16

// keyIDLabel is the HMAC message that derives a key id; changing it changes every key id and
// breaks every stored value.
const keyIDLabel = "dbackup key id"

// ErrInvalidKey reports a key that is not 64 hex characters (or is all zeros). Errors returned
// by ParseKey and ReadKeyFile match it with errors.Is.
var ErrInvalidKey = errors.New("invalid key")

// Key is an ENCRYPTION_KEY. Its String, Format, GoString, MarshalJSON, MarshalText and LogValue
// print only its key id, never the key bytes. Keep it inside vault types: fmt prints an
// unexported Key field of some other struct byte by byte.
type Key [KeySize]byte

// keyFormatError says what is wrong with a key without repeating the key.
type keyFormatError struct{ problem string }

func (e *keyFormatError) Error() string        { return "invalid key: " + e.problem }
func (e *keyFormatError) Is(target error) bool { return target == ErrInvalidKey }

// ParseKey parses a key written as 64 hex characters, upper or lower case, with surrounding
// white space (such as the newline at the end of a file) ignored. The error says what is wrong
// ("is 63 characters, want 64 hex characters") and never contains the input.
func ParseKey(s string) (Key, error) {
	var k Key
	s = strings.TrimSpace(s)
	if s == "" {
		return k, &keyFormatError{"is empty, want " + fmt.Sprint(keyHexLen) + " hex characters"}
	}
	if n := utf8.RuneCountInString(s); n != keyHexLen {
		return k, &keyFormatError{fmt.Sprintf("is %d characters, want %d hex characters", n, keyHexLen)}
	}
	pos := 0
	for _, r := range s {
		pos++
		if !isHex(r) {
			return k, &keyFormatError{fmt.Sprintf("contains a non-hex character at position %d", pos)}
		}
	}
	if _, err := hex.Decode(k[:], []byte(s)); err != nil { // unreachable after the checks above
		return Key{}, &keyFormatError{"is not hex"}
	}
	if k == (Key{}) {
		return Key{}, &keyFormatError{"is all zeros, which is not a secret"}
	}
	return k, nil
}

func isHex(r rune) bool {
	return ('0' <= r && r <= '9') || ('a' <= r && r <= 'f') || ('A' <= r && r <= 'F')
}

// GenerateKey returns a new random key from crypto/rand.
func GenerateKey() (Key, error) {
	return generateKey(rand.Reader)
}

func generateKey(r io.Reader) (Key, error) {
	var k Key
	if _, err := io.ReadFull(r, k[:]); err != nil {
		return Key{}, fmt.Errorf("generate key: %w", err)
	}
	return k, nil
}

// KeyID returns the public id of k: the first 8 bytes of HMAC-SHA256(k, "dbackup key id") as 16
// lower-case hex characters. It cannot be turned back into the key.
func KeyID(k Key) string {
	m := hmac.New(sha256.New, k[:])
	m.Write([]byte(keyIDLabel))
	return hex.EncodeToString(m.Sum(nil)[:KeyIDLen/2])
}

// Reveal returns the key as 64 lower-case hex characters, the form ParseKey accepts. Call it only
// to hand the key to a person or a key file.
func (k Key) Reveal() string { return hex.EncodeToString(k[:]) }

// String returns "vault.Key(<kid>)".
func (k Key) String() string { return "vault.Key(" + KeyID(k) + ")" }

// GoString returns the same as String, so %#v does not print the bytes either.
func (k Key) GoString() string { return k.String() }

// Format prints String for every verb, including %x and %d, which would otherwise print the bytes.
func (k Key) Format(f fmt.State, _ rune) { io.WriteString(f, k.String()) }

// MarshalText returns String.
func (k Key) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// MarshalJSON returns String as a JSON string.
func (k Key) MarshalJSON() ([]byte, error) { return []byte(`"` + k.String() + `"`), nil }

// LogValue returns String, for log/slog.
func (k Key) LogValue() slog.Value { return slog.StringValue(k.String()) }
