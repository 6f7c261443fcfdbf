package sftp

import (
	"errors"
	"net"
	"path"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/crypto/ssh"

	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/vault"
)

// DefaultPort is SSH's port.
const DefaultPort = 22

// fingerprintRE matches a SHA256 fingerprint as ssh-keygen -lf prints it: "SHA256:" and the
// unpadded base64 of 32 bytes.
var fingerprintRE = regexp.MustCompile(`SHA256:[A-Za-z0-9+/]{43}`)

// Config is the settings of an SFTP storage.
type Config struct {
	Host string
	// Port defaults to DefaultPort.
	Port int
	User string
	// Path is the root folder on the server, absolute or relative to the user's login folder.
	// It must exist.
	Path string
	// HostKeyFingerprint pins the server's host key, as "SHA256:…". ssh-keygen -lf output is
	// accepted whole.
	HostKeyFingerprint string
	// TrustOnFirstUse accepts an unpinned host key; HostKeyFingerprint on the opened Storage
	// then tells which, so that the caller can pin it. Without it, and without OnNewHostKey, an
	// unpinned key fails with connerr.HostKey.
	TrustOnFirstUse bool
	// OnNewHostKey, when set, decides about an unpinned host key instead of TrustOnFirstUse: it
	// is called once with the key's fingerprint, and an error refuses the key.
	OnNewHostKey func(fingerprint string) error

	// Password and PrivateKey (PEM or OpenSSH format) authenticate; at least one is needed.
	// When both are given the key is tried first, as OpenSSH does.
	Password             vault.Secret
	PrivateKey           vault.Secret
	PrivateKeyPassphrase vault.Secret
}

// pinned returns the fingerprint found in HostKeyFingerprint, or "".
func (c Config) pinned() string { return fingerprintRE.FindString(c.HostKeyFingerprint) }

// Validate checks the settings without connecting. Errors are connerr.Config errors whose Op
// is the field name of Kind.
func (c Config) Validate() error {
	switch {
	case strings.TrimSpace(c.Host) == "":
		return storage.ConfigError("host", "enter the server's name or IP address", "host is required")
	case strings.ContainsAny(c.Host, " /@"):
		return storage.ConfigError("host", "enter only the server's name or IP address, without user, path or spaces", "host %q is not a host name", c.Host)
	case c.Port < 0 || c.Port > 65535:
		return storage.ConfigError("port", "SSH listens on 22 unless configured otherwise", "port %d is out of range", c.Port)
	case c.User == "":
		return storage.ConfigError("username", "enter the SSH user", "username is required")
	case c.Path == "":
		return storage.ConfigError("path", "enter the folder on the server, such as /srv/backups", "path is required")
	case c.HostKeyFingerprint != "" && c.pinned() == "":
		return storage.ConfigError("host_key_fingerprint",
			"paste the SHA256 fingerprint that ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub prints on the server",
			"%q is not a SHA256 fingerprint", c.HostKeyFingerprint)
	case c.Password.IsEmpty() && c.PrivateKey.IsEmpty():
		return storage.ConfigError("password", "enter a password or a private key", "no credentials")
	}
	if _, _, err := net.SplitHostPort(c.Host); err == nil {
		return storage.ConfigError("host", "put the port in the port setting", "host %q contains a port", c.Host)
	}
	return nil
}

func (c Config) addr() string {
	port := c.Port
	if port == 0 {
		port = DefaultPort
	}
	return net.JoinHostPort(strings.Trim(c.Host, "[]"), strconv.Itoa(port))
}

func (c Config) root() string { return path.Clean(c.Path) }

// authMethods returns the key (if any) then the password (if any), the password both as
// "password" and "keyboard-interactive" since many servers offer only the latter.
func (c Config) authMethods() ([]ssh.AuthMethod, error) {
	var methods []ssh.AuthMethod
	if !c.PrivateKey.IsEmpty() {
		signer, err := c.signer()
		if err != nil {
			return nil, err
		}
		methods = append(methods, ssh.PublicKeys(signer))
	}
	if !c.Password.IsEmpty() {
		pw := c.Password
		methods = append(methods,
			ssh.PasswordCallback(func() (string, error) { return pw.Reveal(), nil }),
			ssh.KeyboardInteractive(func(_, _ string, questions []string, _ []bool) ([]string, error) {
				answers := make([]string, len(questions))
				for i := range answers {
					answers[i] = pw.Reveal()
				}
				return answers, nil
			}))
	}
	return methods, nil
}

// signer parses the private key. Parse errors never quote the key.
func (c Config) signer() (ssh.Signer, error) {
	key := []byte(c.PrivateKey.Reveal())
	signer, err := ssh.ParsePrivateKey(key)
	var missing *ssh.PassphraseMissingError
	switch {
	case err == nil:
		return signer, nil
	case !errors.As(err, &missing):
		return nil, storage.ConfigError("private_key", "paste the whole private key, including its BEGIN and END lines",
			"cannot read the private key: %v", err)
	case c.PrivateKeyPassphrase.IsEmpty():
		return nil, storage.ConfigError("private_key_passphrase", "enter the key's passphrase", "the private key is encrypted")
	}
	signer, err = ssh.ParsePrivateKeyWithPassphrase(key, []byte(c.PrivateKeyPassphrase.Reveal()))
	if err != nil {
		return nil, storage.ConfigError("private_key_passphrase", "check the key's passphrase", "cannot decrypt the private key: %v", err)
	}
	return signer, nil
}
