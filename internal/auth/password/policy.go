package password

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/dbackup/dbackup/internal/vault"
)

// MinLength is the fewest characters (Unicode code points, as NIST counts them) a new password
// may have. NIST SP 800-63B-4 §3.1.1.2 requires at least 8 characters when the password is one
// of two factors and 15 when it is the only one; 12 sits between, long enough for a passphrase
// of three words. Raise it to 15 if two-factor sign-in is not made mandatory.
const MinLength = 12

// MaxBytes is the longest password accepted, in bytes of UTF-8. It is generous for passphrases
// and password managers, and stops a sign-in form from being used to push megabytes through
// the hash.
const MaxBytes = 1024

// Errors of Validate. Each message states the rule and how to meet it, and never includes the
// password.
var (
	ErrTooShort = fmt.Errorf("password is too short: use at least %d characters; "+
		"a phrase of three or four unrelated words is long enough and easy to remember", MinLength)
	ErrTooLong = fmt.Errorf("password is too long: use at most %d bytes; "+
		"a password manager can generate one of 20 to 64 characters", MaxBytes)
	ErrInvalidUTF8 = errors.New("password is not valid UTF-8 text: type it again, " +
		"or let a password manager generate a new one")
)

// Validate checks a new password against the policy: at least MinLength characters, at most
// MaxBytes bytes, valid UTF-8. It has no rules on character classes, which make passwords
// harder to remember without making them harder to guess; NIST SP 800-63B-4 §3.1.1.2 forbids them.
func Validate(pw vault.Secret) error {
	s := pw.Reveal()
	switch {
	case len(s) > MaxBytes:
		return ErrTooLong
	case !utf8.ValidString(s):
		return ErrInvalidUTF8
	case utf8.RuneCountInString(s) < MinLength:
		return ErrTooShort
	}
	return nil
}
