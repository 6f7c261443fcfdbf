package local

import (
	"context"

	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/vault"
)

// Kind describes the settings of a local folder for the web interface.
var Kind = storage.Kind{
	Name:  "local",
	Label: "Local folder",
	Fields: []storage.FieldSpec{{
		Name:     "path",
		Label:    "Folder",
		Help:     "Absolute path of an existing folder on the DBackup host, such as /var/backups/dbackup. It may be a mounted network share.",
		Type:     storage.FieldString,
		Required: true,
	}},
}

// Open validates settings against Kind and opens the folder.
func Open(_ context.Context, settings map[string]string, secrets map[string]vault.Secret) (storage.Storage, error) {
	if err := Kind.Check(settings, secrets); err != nil {
		return nil, err
	}
	return New(Config{Path: settings["path"]})
}
