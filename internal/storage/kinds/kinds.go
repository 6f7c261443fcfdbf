package kinds

import (
	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/storage/local"
	"github.com/dbackup/dbackup/internal/storage/s3"
	"github.com/dbackup/dbackup/internal/storage/sftp"
)

// Entry is one storage kind: its form and how to open it.
type Entry struct {
	Kind storage.Kind
	Open storage.OpenFunc
}

// All returns every storage kind, in the order the web interface offers them.
func All() []Entry {
	return []Entry{
		{Kind: local.Kind, Open: local.Open},
		{Kind: s3.Kind, Open: s3.Open},
		{Kind: sftp.Kind, Open: sftp.Open},
	}
}

// Lookup returns the kind called name.
func Lookup(name string) (Entry, bool) {
	for _, e := range All() {
		if e.Kind.Name == name {
			return e, true
		}
	}
	return Entry{}, false
}
