package totp

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"

	"github.com/dbackup/dbackup/internal/vault"
)

// Issuer names DBackup in authenticator apps.
const Issuer = "DBackup"

// Period is how long one code is valid: 30 seconds, the RFC 6238 default and the only period
// many authenticator apps support.
const Period = 30 * time.Second

// Digits is the length of a code: 6, which every authenticator app supports.
const Digits = 6

// Skew is how many steps before or after the current one are accepted, so that a code typed
// just before it changes, or on a phone whose clock is a little off, still works. RFC 6238
// §5.2 recommends at most one step.
const Skew = 1

// secretBytes is the size of a new secret: 160 bits, the size RFC 4226 §4 recommends and the
// output size of the SHA-1 HMAC.
const secretBytes = 20

// minSecretBytes is the smallest secret Validate accepts: RFC 4226 §4 requires 128 bits.
const minSecretBytes = 16

// Step numbers a 30-second interval since the Unix epoch (RFC 6238's T). The caller stores the
// last step used per user and passes it to ValidateAfter.
type Step int64

// Errors of Validate and ValidateAfter.
var (
	// ErrMalformedCode is a code that is not 6 digits.
	ErrMalformedCode = errors.New("malformed code: enter the 6 digits your authenticator app shows")
	// ErrInvalidCode is a well-formed code that matches no step in the window.
	ErrInvalidCode = errors.New("invalid code")
	// ErrReplayed is a correct code whose step was already used: wait for the next code.
	ErrReplayed = errors.New("code already used: wait for the next code")
	// ErrMalformedSecret is a stored secret that is not base32 of at least 128 bits.
	ErrMalformedSecret = errors.New("malformed TOTP secret")
)

// Key is a new TOTP secret. Both fields are secrets: the URL contains the secret.
type Key struct {
	// Secret is the base32 secret to store sealed.
	Secret vault.Secret
	// URL is the otpauth:// URL to show once, as a QR code, for the user's authenticator app.
	URL vault.Secret
}

// Generate returns a new secret for account (the username, shown in the authenticator app).
func Generate(account string) (Key, error) {
	return generate(account, rand.Reader)
}

func generate(account string, r io.Reader) (Key, error) {
	k, err := totp.Generate(totp.GenerateOpts{
		Issuer:      Issuer,
		AccountName: account,
		Period:      uint(Period / time.Second),
		SecretSize:  secretBytes,
		Digits:      otp.DigitsSix,
		Algorithm:   otp.AlgorithmSHA1,
		Rand:        r,
	})
	if err != nil {
		return Key{}, fmt.Errorf("generate TOTP secret: %w", err)
	}
	return Key{Secret: vault.NewSecret(k.Secret()), URL: vault.NewSecret(k.URL())}, nil
}

// StepAt returns the step t falls in.
func StepAt(t time.Time) Step {
	s := t.Unix()
	p := int64(Period / time.Second)
	if s < 0 { // floor, not truncation, for times before 1970
		return Step((s - p + 1) / p)
	}
	return Step(s / p)
}

// Validate checks code against secret at now, allowing Skew steps either side, and returns the
// step it matched. It does not stop replays; sign-in must use ValidateAfter.
func Validate(code string, secret vault.Secret, now time.Time) (Step, error) {
	return validate(code, secret, now, nil)
}

// ValidateAfter is Validate that also refuses, with ErrReplayed, a code whose step is not after
// last, the step returned by the user's previous successful validation (0 if none). Store the
// returned step as the new last step in the same transaction that accepts the sign-in.
func ValidateAfter(code string, secret vault.Secret, now time.Time, last Step) (Step, error) {
	return validate(code, secret, now, &last)
}

func validate(code string, secret vault.Secret, now time.Time, last *Step) (Step, error) {
	code = strings.ReplaceAll(code, " ", "") // apps show "123 456"
	if len(code) != Digits || strings.Trim(code, "0123456789") != "" {
		return 0, ErrMalformedCode
	}
	if err := checkSecret(secret.Reveal()); err != nil {
		return 0, err
	}
	cur := StepAt(now)
	var fresh Step
	var anyMatch, freshMatch bool
	// Every step in the window is computed and compared, whatever matches first.
	for s := cur - Skew; s <= cur+Skew; s++ {
		want, err := hotp.GenerateCodeCustom(secret.Reveal(), uint64(s), hotp.ValidateOpts{
			Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
		})
		if err != nil {
			return 0, fmt.Errorf("%w: %v", ErrMalformedSecret, err)
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			anyMatch = true
			if last == nil || s > *last { // the latest matching step wins

				freshMatch, fresh = true, s
			}
		}
	}
	switch {
	case freshMatch:
		return fresh, nil
	case anyMatch:
		return 0, ErrReplayed
	default:
		return 0, ErrInvalidCode
	}
}

// b32 decodes secrets as authenticator apps do: RFC 4648 base32, padding optional.
var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// checkSecret refuses a secret that is not base32 of at least minSecretBytes; an empty secret
// would otherwise be a valid, and public, HMAC key.
func checkSecret(s string) error {
	b, err := b32.DecodeString(strings.TrimRight(strings.ToUpper(s), "="))
	if err != nil || len(b) < minSecretBytes {
		return fmt.Errorf("%w: want base32 of at least %d bytes", ErrMalformedSecret, minSecretBytes)
	}
	return nil
}
