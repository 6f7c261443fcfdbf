package execution

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/dbackup/dbackup/internal/archive"
	"github.com/dbackup/dbackup/internal/sidecar"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/storage"
)

// archiveDumper dumps several databases of one source, one after the other, into one archive
// (internal/archive), so that a job over several databases stores one object with a manifest.
type archiveDumper struct {
	dumper    source.Dumper
	engine    string
	databases []string
	// onDatabase is called before each database's dump starts.
	onDatabase func(i int, db string)
}

// Dump implements source.Dumper; db is ignored, the archive holds d.databases.
func (d archiveDumper) Dump(ctx context.Context, _ string, w io.Writer) (source.DumpInfo, error) {
	aw := archive.NewWriter(w, d.engine)
	var last source.DumpInfo
	for i, db := range d.databases {
		if d.onDatabase != nil {
			d.onDatabase(i, db)
		}
		dw, err := aw.Create(db)
		if err != nil {
			return last, fmt.Errorf("archive %s: %w", db, err)
		}
		info, err := d.dumper.Dump(ctx, db, dw)
		if err != nil {
			return last, fmt.Errorf("dump %s: %w", db, err)
		}
		aw.SetInfo(info.Format, info.ServerVersion, info.ToolVersion)
		last = info
	}
	if err := aw.Close(); err != nil {
		return last, fmt.Errorf("archive: %w", err)
	}
	return source.DumpInfo{Format: archive.Format, ServerVersion: last.ServerVersion, ToolVersion: last.ToolVersion}, nil
}

// extension returns the file name extension of an engine's single-database dump.
func extension(engine string, databases int) string {
	if databases != 1 {
		return ".tar"
	}
	switch engine {
	case "postgres":
		return ".dump"
	case "mysql", "mariadb":
		return ".sql"
	case "sqlite":
		return ".sqlite"
	case "mongodb":
		return ".mongo"
	case "redis":
		return ".rdb"
	}
	return ".bak"
}

func sidecarName(object string) string { return sidecar.Name(object) }

func isNotFound(err error) bool { return errors.Is(err, storage.ErrNotFound) }
