package sftp

import (
	"fmt"
	"net"
	"sync"

	"golang.org/x/crypto/ssh"
)

// hostKeyAlgorithms is OpenSSH's client preference, ed25519 first. The fingerprint a user pins
// is usually the one ssh showed them or that of ssh_host_ed25519_key.pub; x/crypto/ssh's own
// default prefers ECDSA, whose different key would then fail the pin.
var hostKeyAlgorithms = []string{
	ssh.KeyAlgoED25519,
	ssh.KeyAlgoECDSA256, ssh.KeyAlgoECDSA384, ssh.KeyAlgoECDSA521,
	ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256,
}

// HostKeyError is why a server's host key was refused. It is wrapped in a connerr.HostKey
// error, so that a caller can offer to pin Seen.
type HostKeyError struct {
	// Seen is the fingerprint of the key the server presented.
	Seen string
	// Pinned is the expected fingerprint; empty when none was pinned.
	Pinned string
	// Err is why an unpinned key was refused: OnNewHostKey's error, or nil when trust on first
	// use is off.
	Err error
}

func (e *HostKeyError) Error() string {
	switch {
	case e.Pinned != "":
		return fmt.Sprintf("host key %s does not match the pinned %s", e.Seen, e.Pinned)
	case e.Err != nil:
		return fmt.Sprintf("host key %s refused: %v", e.Seen, e.Err)
	}
	return "unknown host key " + e.Seen
}

func (e *HostKeyError) Unwrap() error { return e.Err }

// hostKeyCheck verifies the server's key during the handshake and remembers what it saw, so
// that a later failure can be told apart: after the key was accepted, only authentication
// remains before the session opens.
type hostKeyCheck struct {
	pinned       string
	trust        bool
	onNewHostKey func(string) error

	mu       sync.Mutex
	seen     string
	accepted bool
}

func (h *hostKeyCheck) callback(_ string, _ net.Addr, key ssh.PublicKey) error {
	fp := ssh.FingerprintSHA256(key)
	h.mu.Lock()
	h.seen = fp
	h.mu.Unlock()
	switch {
	case h.pinned != "":
		if fp != h.pinned {
			return &HostKeyError{Seen: fp, Pinned: h.pinned}
		}
	case h.onNewHostKey != nil:
		if err := h.onNewHostKey(fp); err != nil {
			return &HostKeyError{Seen: fp, Err: err}
		}
	case !h.trust:
		return &HostKeyError{Seen: fp}
	}
	h.mu.Lock()
	h.accepted = true
	h.mu.Unlock()
	return nil
}

// state returns the fingerprint seen and whether it was accepted.
func (h *hostKeyCheck) state() (string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.seen, h.accepted
}
