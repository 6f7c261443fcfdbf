package postgres

import (
	"github.com/dbackup/dbackup/internal/source"
)

// DefaultPort is PostgreSQL's port.
const DefaultPort = 5432

// The defaults of the user and database, those of a fresh installation.
const (
	defaultUser     = "postgres"
	defaultDatabase = "postgres"
)

// Engine describes PostgreSQL for the web interface's forms.
var Engine = source.Engine{
	Name:        "postgres",
	Label:       "PostgreSQL",
	DefaultPort: DefaultPort,
	Fields: append([]source.FieldSpec{
		source.HostField(),
		source.PortField(DefaultPort),
		source.UsernameField(defaultUser, true),
		source.PasswordField(),
		{Name: source.FieldDatabase, Label: "Database", Type: source.FieldString, Default: defaultDatabase,
			Help: "Database to connect to for tests and listings; backups can include any database the user may connect to."},
	}, append(source.TLSFields(source.TLSModes, source.TLSPrefer), source.ConnectTimeoutField())...),
}

// Open validates cfg and returns a PostgreSQL source; see New.
func Open(cfg source.Config) (source.Source, error) { return New(cfg) }
