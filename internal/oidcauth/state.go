package oidcauth

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"time"
)

const (
	// StateCookie is the name of the cookie that carries one sign-in's state from Start to
	// Finish.
	StateCookie = "dbackup_oidc"
	// stateCookiePath limits the cookie to the OIDC routes, where Start and Finish live.
	stateCookiePath = "/auth/oidc/"
	// stateLifetime is how long a sign-in may take at the provider: long enough to type a
	// password and a second factor, short enough that a stolen cookie soon stops mattering.
	stateLifetime = 10 * time.Minute
	// SealKeySize is the size of the key sealing the state cookie: AES-256.
	SealKeySize = 32
	// maxStateCookie bounds the cookie value that Finish will try to open; a sealed state is
	// about 300 bytes, so anything far larger is not ours.
	maxStateCookie = 2048
)

// errStateUnreadable is why a cookie did not open: not ours, tampered with, or malformed.
var errStateUnreadable = errors.New("state cookie unreadable")

// state is what the cookie carries between Start and Finish. It is sealed, so the browser can
// neither read the PKCE verifier and nonce nor change any field.
type state struct {
	State      string `json:"s"`
	Nonce      string `json:"n"`
	Verifier   string `json:"v"`
	ProviderID string `json:"p"`
	ReturnTo   string `json:"r"`
	// Expires is in Unix seconds; Finish refuses the state after it, whatever the cookie's
	// own expiry says, since the browser controls that.
	Expires int64 `json:"e"`
}

// sealer seals and opens states with AES-256-GCM. The additional data is the cookie name, so a
// value sealed under the same key for another purpose does not open as a state.
type sealer struct{ aead cipher.AEAD }

func newSealer(key []byte) (sealer, error) {
	if len(key) != SealKeySize {
		return sealer{}, errors.New("oidcauth: seal key must be 32 bytes")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return sealer{}, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return sealer{}, err
	}
	return sealer{aead}, nil
}

// seal returns the cookie value: unpadded base64url of a random GCM nonce followed by the
// ciphertext of the JSON state.
func (s sealer) seal(st state) (string, error) {
	plain, err := json.Marshal(st)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	sealed := s.aead.Seal(nonce, nonce, plain, []byte(StateCookie))
	return base64.RawURLEncoding.EncodeToString(sealed), nil
}

// open reverses seal; any failure is errStateUnreadable.
func (s sealer) open(value string) (state, error) {
	if len(value) > maxStateCookie {
		return state{}, errStateUnreadable
	}
	raw, err := base64.RawURLEncoding.DecodeString(value)
	if err != nil || len(raw) < s.aead.NonceSize()+s.aead.Overhead() {
		return state{}, errStateUnreadable
	}
	n := s.aead.NonceSize()
	plain, err := s.aead.Open(nil, raw[:n], raw[n:], []byte(StateCookie))
	if err != nil {
		return state{}, errStateUnreadable
	}
	var st state
	if err := json.Unmarshal(plain, &st); err != nil {
		return state{}, errStateUnreadable
	}
	return st, nil
}

// SanitizeReturnTo returns p when it is a path on this origin, else "/". It refuses
// scheme-relative URLs ("//evil.com"), backslashes (which browsers read as slashes, so
// "/\evil.com" is another host), absolute URLs and control characters, so that the redirect
// after sign-in cannot leave DBackup.
func SanitizeReturnTo(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.Contains(p, `\`) {
		return "/"
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f {
			return "/"
		}
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	return p
}
