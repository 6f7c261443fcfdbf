package mysql

import (
	"github.com/dbackup/dbackup/internal/source"
)

// DefaultPort is MySQL's and MariaDB's port.
const DefaultPort = 3306

// defaultUser is the administrator of a fresh installation.
const defaultUser = "root"

// Engine describes MySQL for the web interface's forms.
var Engine = engine("mysql", "MySQL")

// MariaDB describes MariaDB, served by the same adapter.
var MariaDB = engine("mariadb", "MariaDB")

func engine(name, label string) source.Engine {
	return source.Engine{
		Name:        name,
		Label:       label,
		DefaultPort: DefaultPort,
		Fields: append([]source.FieldSpec{
			source.HostField(),
			source.PortField(DefaultPort),
			source.UsernameField(defaultUser, true),
			source.PasswordField(),
			{Name: source.FieldDatabase, Label: "Database", Type: source.FieldString,
				Help: "Database the connection test opens, to check it exists and may be used; empty to connect without one."},
		}, append(source.TLSFields(source.TLSModes, source.TLSPrefer), source.ConnectTimeoutField())...),
	}
}

// Open validates cfg and returns a MySQL or MariaDB source; see New.
func Open(cfg source.Config) (source.Source, error) { return New(cfg) }
