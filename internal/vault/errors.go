package vault

import (
	"errors"
	"strings"
)

var (
	// ErrMalformed reports a string that is not a sealed value of a known version, or a
	// fingerprint that is not in the fingerprint format. Nothing that fails to parse is ever
	// returned as plaintext.
	ErrMalformed = errors.New("malformed sealed value")

	// ErrKeyMismatch reports a value sealed (or fingerprint made) with a key that is not loaded.
	// It is returned as a *KeyMismatchError.
	ErrKeyMismatch = errors.New("encryption key mismatch")

	// ErrTampered reports a value whose key is loaded but which fails authentication: it was
	// changed, corrupted, or copied to another table, column or row.
	ErrTampered = errors.New("sealed value failed authentication")

	// ErrEmpty reports an empty string where a sealed value was expected: the value is missing.
	ErrEmpty = errors.New("sealed value is empty")

	// ErrInvalidPlace reports a Place with an empty field or a NUL byte in a field; NUL
	// separates the fields in the associated data, so it cannot occur inside one.
	ErrInvalidPlace = errors.New("invalid place")
)

// KeyMismatchError reports a value sealed (or fingerprint made) with a key that is not loaded.
// errors.Is(err, ErrKeyMismatch) is true for it.
type KeyMismatchError struct {
	// KeyID is the id of the key the value needs.
	KeyID string
	// Known are the ids of the loaded keys, the primary first.
	Known []string

	// fingerprint is true when the value is a fingerprint rather than a sealed value.
	fingerprint bool
}

func (e *KeyMismatchError) Error() string {
	var b strings.Builder
	if e.fingerprint {
		b.WriteString("fingerprint made with key ")
	} else {
		b.WriteString("sealed with key ")
	}
	b.WriteString(e.KeyID)
	switch len(e.Known) {
	case 0:
		b.WriteString(", but no ENCRYPTION_KEY is loaded")
	case 1:
		b.WriteString(", but the loaded ENCRYPTION_KEY is " + e.Known[0])
	default:
		b.WriteString(", but the loaded ENCRYPTION_KEY is " + e.Known[0] +
			" and ENCRYPTION_KEY_PREVIOUS " + strings.Join(e.Known[1:], ", "))
	}
	b.WriteString("; start DBackup with the original key (or add it as ENCRYPTION_KEY_PREVIOUS), or re-enter the value")
	return b.String()
}

// Is makes errors.Is(err, ErrKeyMismatch) true.
func (e *KeyMismatchError) Is(target error) bool { return target == ErrKeyMismatch }
