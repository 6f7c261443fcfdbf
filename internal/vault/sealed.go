package vault

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

const (
	// Prefix starts every sealed value; with the version digit it makes the format
	// self-describing, so a later format can be told apart and a plaintext never mistaken for a
	// sealed value.
	Prefix = "dbk"

	// Version is the only format version this package writes and reads.
	Version = 1

	// NonceSize is the AES-GCM nonce size in bytes: 96 bits is the size GCM is designed for
	// (longer nonces are hashed down), and random 96-bit nonces stay safe for far more values
	// than one installation will ever seal under one key.
	NonceSize = 12

	// TagSize is the AES-GCM authentication tag size in bytes: the full 128-bit tag, since
	// truncated tags weaken authentication.
	TagSize = 16

	// versionTag is Prefix and Version as they appear in a sealed value and in its associated data.
	versionTag = "dbk1"

	// separator joins the three fields of a sealed value; it is not in the base64url alphabet
	// nor in hex, so splitting is unambiguous.
	separator = "."
)

// rawURL is base64url without padding, as used for the payload.
var rawURL = base64.RawURLEncoding.Strict()

// Place is where a sealed value lives. It is bound into the value as associated data, so a value
// copied to another table, column or row fails to open. No field may be empty or contain a NUL
// byte.
type Place struct {
	Table  string
	Column string
	RowID  string
}

func (p Place) String() string { return p.Table + "." + p.Column + "[" + p.RowID + "]" }

// validate rejects places whose associated data would be ambiguous or meaningless.
func (p Place) validate() error {
	for _, f := range [...]struct{ name, v string }{{"table", p.Table}, {"column", p.Column}, {"row id", p.RowID}} {
		if f.v == "" {
			return fmt.Errorf("%w: %s is empty", ErrInvalidPlace, f.name)
		}
		if strings.IndexByte(f.v, 0) >= 0 {
			return fmt.Errorf("%w: %s contains a NUL byte", ErrInvalidPlace, f.name)
		}
	}
	return nil
}

// associatedData returns "dbk1" 0x00 table 0x00 column 0x00 rowID.
func (p Place) associatedData() []byte {
	ad := make([]byte, 0, len(versionTag)+3+len(p.Table)+len(p.Column)+len(p.RowID))
	ad = append(ad, versionTag...)
	for _, f := range [...]string{p.Table, p.Column, p.RowID} {
		ad = append(ad, 0)
		ad = append(ad, f...)
	}
	return ad
}

// Sealed is a parsed sealed value.
type Sealed struct {
	Version int
	KeyID   string
	// Payload is nonce ‖ ciphertext ‖ tag.
	Payload []byte
}

// String returns the sealed value in its text form; Parse(s.String()) gives s back.
func (s Sealed) String() string {
	return Prefix + strconv.Itoa(s.Version) + separator + s.KeyID + separator + rawURL.EncodeToString(s.Payload)
}

// Parse parses a sealed value strictly. An empty string is ErrEmpty; anything else that is not
// exactly "dbk1.<16 lower-case hex>.<base64url without padding of at least NonceSize+TagSize
// bytes>" is ErrMalformed, wrapped with what is wrong (never with the value).
func Parse(sealed string) (Sealed, error) {
	if sealed == "" {
		return Sealed{}, ErrEmpty
	}
	parts := strings.SplitN(sealed, separator, 4)
	if len(parts) != 3 {
		return Sealed{}, fmt.Errorf("%w: is not three dot-separated parts", ErrMalformed)
	}
	ver, kid, body := parts[0], parts[1], parts[2]
	digits, ok := strings.CutPrefix(ver, Prefix)
	if !ok {
		return Sealed{}, fmt.Errorf("%w: does not start with %q", ErrMalformed, Prefix)
	}
	if digits != strconv.Itoa(Version) {
		// Echo the version only when it is a short number, so no part of a plaintext that
		// happens to start with "dbk" ends up in a log.
		if n, err := strconv.Atoi(digits); err == nil && n >= 0 && len(digits) <= 3 {
			return Sealed{}, fmt.Errorf("%w: unsupported format version %d, want %d", ErrMalformed, n, Version)
		}
		return Sealed{}, fmt.Errorf("%w: has no format version after %q", ErrMalformed, Prefix)
	}
	if len(kid) != KeyIDLen || !isLowerHex(kid) {
		return Sealed{}, fmt.Errorf("%w: key id is not %d lower-case hex characters", ErrMalformed, KeyIDLen)
	}
	// The decoder skips \r and \n; checking the alphabet first keeps the encoding canonical.
	for i := 0; i < len(body); i++ {
		if !isBase64URL(body[i]) {
			return Sealed{}, fmt.Errorf("%w: payload has a non-base64url character at offset %d", ErrMalformed, i)
		}
	}
	payload, err := rawURL.DecodeString(body)
	if err != nil {
		return Sealed{}, fmt.Errorf("%w: payload is not base64url: %v", ErrMalformed, err)
	}
	if len(payload) < NonceSize+TagSize {
		return Sealed{}, fmt.Errorf("%w: payload is %d bytes, want at least %d", ErrMalformed, len(payload), NonceSize+TagSize)
	}
	return Sealed{Version: Version, KeyID: kid, Payload: payload}, nil
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9') && !('a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func isBase64URL(c byte) bool {
	return ('A' <= c && c <= 'Z') || ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') || c == '-' || c == '_'
}
