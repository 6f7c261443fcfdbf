package sftp

import (
	"context"
	"strconv"

	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/vault"
)

// Kind describes the settings of an SFTP server for the web interface.
var Kind = storage.Kind{
	Name:  "sftp",
	Label: "SFTP server",
	Fields: []storage.FieldSpec{
		{Name: "host", Label: "Host", Type: storage.FieldString, Required: true,
			Help: "Name or IP address of the SSH server."},
		{Name: "port", Label: "Port", Type: storage.FieldInt, Default: strconv.Itoa(DefaultPort)},
		{Name: "username", Label: "Username", Type: storage.FieldString, Required: true},
		{Name: "path", Label: "Folder", Type: storage.FieldString, Required: true,
			Help: "Existing folder on the server, absolute (/srv/backups) or relative to the user's home."},
		{Name: "host_key_fingerprint", Label: "Host key fingerprint", Type: storage.FieldString,
			Help: "The server's SHA256 fingerprint, as ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub prints it on the server. Connections to any other key fail."},
		{Name: "trust_on_first_use", Label: "Trust the host key on first use", Type: storage.FieldBool, Default: "false",
			Help: "Without a pinned fingerprint, accept whatever key the server presents. Pin the fingerprint the connection test shows instead, so that a server impersonating this one is refused."},
		{Name: "password", Label: "Password", Type: storage.FieldSecret,
			Help: "Password of the user; leave empty when using a private key."},
		{Name: "private_key", Label: "Private key", Type: storage.FieldSecret,
			Help: "PEM or OpenSSH private key whose public key is in the user's authorized_keys."},
		{Name: "private_key_passphrase", Label: "Private key passphrase", Type: storage.FieldSecret,
			Help: "Only for an encrypted private key."},
	},
}

// ConfigFrom validates settings and secrets against Kind and returns the Config, so that a caller
// can set OnNewHostKey before calling New.
func ConfigFrom(settings map[string]string, secrets map[string]vault.Secret) (Config, error) {
	if err := Kind.Check(settings, secrets); err != nil {
		return Config{}, err
	}
	// Check has validated both.
	port, _ := strconv.Atoi(Kind.Value(settings, "port"))
	tofu, _ := strconv.ParseBool(Kind.Value(settings, "trust_on_first_use"))
	cfg := Config{
		Host:                 settings["host"],
		Port:                 port,
		User:                 settings["username"],
		Path:                 settings["path"],
		HostKeyFingerprint:   settings["host_key_fingerprint"],
		TrustOnFirstUse:      tofu,
		Password:             secrets["password"],
		PrivateKey:           secrets["private_key"],
		PrivateKeyPassphrase: secrets["private_key_passphrase"],
	}
	return cfg, cfg.Validate()
}

// Open validates settings against Kind and connects. Without host_key_fingerprint it fails with
// connerr.HostKey naming the server's fingerprint, unless trust_on_first_use is true.
func Open(ctx context.Context, settings map[string]string, secrets map[string]vault.Secret) (storage.Storage, error) {
	cfg, err := ConfigFrom(settings, secrets)
	if err != nil {
		return nil, err
	}
	s, err := New(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return s, nil
}

var _ storage.OpenFunc = Open
