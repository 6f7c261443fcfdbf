package mongodb

import (
	"github.com/dbackup/dbackup/internal/source"
)

// DefaultPort is MongoDB's port.
const DefaultPort = 27017

// OptionAuthSource is the option naming the database that holds the user's credentials.
const OptionAuthSource = "auth_source"

// defaultAuthSource is where MongoDB keeps users created with the shell's defaults.
const defaultAuthSource = "admin"

// tlsModes leaves out prefer: MongoDB cannot negotiate TLS on a port, and a TLS handshake with a
// server without TLS hangs until the timeout, so "TLS if offered" cannot be told apart quickly
// from "down". A stored prefer (the default of new sources) means disable.
var tlsModes = []string{source.TLSDisable, source.TLSRequire, source.TLSVerifyCA, source.TLSVerifyFull}

// Engine describes MongoDB for the web interface's forms.
var Engine = source.Engine{
	Name:        "mongodb",
	Label:       "MongoDB",
	DefaultPort: DefaultPort,
	Fields: append([]source.FieldSpec{
		source.HostField(),
		source.PortField(DefaultPort),
		{Name: source.FieldUsername, Label: "Username", Type: source.FieldString,
			Help: "User to log in as (SCRAM); empty for a server without access control."},
		source.PasswordField(),
		{Name: OptionAuthSource, Label: "Authentication database", Type: source.FieldString, Default: defaultAuthSource,
			Help: "Database the user was created in (authSource); admin for most users."},
		{Name: source.FieldDatabase, Label: "Database", Type: source.FieldString,
			Help: "Database the connection test checks exists; empty to check none. Backups can include any database the user may list."},
	}, append(source.TLSFields(tlsModes, source.TLSDisable), source.ConnectTimeoutField())...),
}

// Open validates cfg and returns a MongoDB source; see New.
func Open(cfg source.Config) (source.Source, error) { return New(cfg) }
