package sqlite

import (
	"github.com/dbackup/dbackup/internal/source"
)

// Engine describes SQLite for the web interface's forms: only the file's path.
var Engine = source.Engine{
	Name:  "sqlite",
	Label: "SQLite",
	Fields: []source.FieldSpec{
		{Name: source.FieldDatabase, Label: "Database file", Type: source.FieldPath, Required: true,
			Help: "Absolute path of the database file on the DBackup host, such as /var/lib/app/app.db."},
	},
}

// Open validates cfg and returns a SQLite source; see New.
func Open(cfg source.Config) (source.Source, error) { return New(cfg) }
