package redis

import (
	"github.com/dbackup/dbackup/internal/source"
)

// DefaultPort is Redis's port.
const DefaultPort = 6379

// tlsModes leaves out prefer: Redis cannot negotiate TLS on a port, and a TLS handshake with a
// plain Redis hangs until the timeout, so "TLS if offered" cannot be told apart quickly from
// "down". A stored prefer (the default of new sources) means disable.
var tlsModes = []string{source.TLSDisable, source.TLSRequire, source.TLSVerifyCA, source.TLSVerifyFull}

// Engine describes Redis for the web interface's forms.
var Engine = source.Engine{
	Name:        "redis",
	Label:       "Redis",
	DefaultPort: DefaultPort,
	Fields: append([]source.FieldSpec{
		source.HostField(),
		source.PortField(DefaultPort),
		{Name: source.FieldUsername, Label: "Username", Type: source.FieldString,
			Help: "ACL user (Redis 6 or later); empty for the default user."},
		source.PasswordField(),
		{Name: source.FieldDatabase, Label: "Database number", Type: source.FieldInt, Default: "0",
			Help: "Logical database the connection test selects, to check it exists; backups cover every database."},
	}, append(source.TLSFields(tlsModes, source.TLSDisable), source.ConnectTimeoutField())...),
}

// Open validates cfg and returns a Redis source; see New.
func Open(cfg source.Config) (source.Source, error) { return New(cfg) }
