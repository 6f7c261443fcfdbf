package password

import (
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"io"

	"golang.org/x/crypto/argon2"

	"github.com/dbackup/dbackup/internal/vault"
)

// slots bounds how many hashes run at once; see maxConcurrent.
var slots = make(chan struct{}, maxConcurrent)

// Hash returns the argon2id PHC string of pw with a fresh random salt and the current
// parameters. It does not apply the policy; call Validate first for a new password.
func Hash(pw vault.Secret) (string, error) {
	return hashWith(pw, current, rand.Reader)
}

// hashWith hashes pw with p and a salt read from r, so that tests can pin both.
func hashWith(pw vault.Secret, p params, r io.Reader) (string, error) {
	salt := make([]byte, p.saltLen)
	if _, err := io.ReadFull(r, salt); err != nil {
		return "", fmt.Errorf("hash password: read salt: %w", err)
	}
	h := phc{params: p, salt: salt}
	h.hash = derive(pw, h)
	return h.format(), nil
}

// Verify reports whether pw matches the PHC string stored, comparing in constant time. When it
// matches, needsRehash reports that stored was made with weaker parameters than Hash uses now,
// and the caller should store Hash(pw) in its place. A stored value that does not parse fails
// with ErrMalformedHash; a wrong password is ok == false with a nil error.
func Verify(pw vault.Secret, stored string) (ok bool, needsRehash bool, err error) {
	h, err := parsePHC(stored)
	if err != nil {
		return false, false, fmt.Errorf("verify password: %w", err)
	}
	if subtle.ConstantTimeCompare(derive(pw, h), h.hash) != 1 {
		return false, false, nil
	}
	return true, h.weakerThan(current), nil
}

// derive computes the argon2id hash of pw with h's parameters and salt, waiting for a free slot.
func derive(pw vault.Secret, h phc) []byte {
	slots <- struct{}{}
	defer func() { <-slots }()
	return argon2.IDKey([]byte(pw.Reveal()), h.salt, h.time, h.memory, h.threads, uint32(h.keyLen))
}
