package systask

import (
	"context"
	"errors"
	"fmt"
	"io"

	entbackup "github.com/dbackup/dbackup/ent/backup"
	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/configbackup"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// maxConfigBackup bounds what OpenConfigBackup reads after decompression: configbackup.Parse
// refuses more anyway, and the bound stops a hostile object from filling memory first.
const maxConfigBackup = 64 << 20

// OpenConfigBackup reads a stored Config Backup (engine dbackup-config) from its destination,
// decrypting it with whichever profile key its header names and decompressing it, and parses
// it completely, the envelope opened with this instance's profile keys. Nothing is written.
// Needs storage:download (inventory.Open checks it and audits the download).
func (s *Service) OpenConfigBackup(ctx context.Context, backupID pulid.ID) (*configbackup.Document, error) {
	b, err := s.client.Backup.Query().Where(entbackup.ID(backupID)).Only(viewer.Privileged(ctx))
	if err != nil {
		return nil, &FieldError{Field: "backupId", Msg: "no stored backup has this id"}
	}
	if b.Engine != EngineConfig {
		return nil, &FieldError{Field: "backupId", Msg: fmt.Sprintf("backup %s is a %s backup, not a Config Backup (%s)", b.ObjectKey, b.Engine, EngineConfig)}
	}
	alg, err := compress.Parse(string(b.Compression))
	if err != nil {
		return nil, err
	}
	d, err := s.inv.Open(ctx, backupID, true)
	if err != nil {
		return nil, err
	}
	defer d.Body.Close()
	zr, err := compress.NewReader(d.Body, alg)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", b.ObjectKey, err)
	}
	defer zr.Close()
	data, err := io.ReadAll(io.LimitReader(zr, maxConfigBackup+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", b.ObjectKey, err)
	}
	lookup := s.catalog.KeyLookup(ctx)
	return configbackup.ParseWith(data, configbackup.ParseOptions{ProfileKey: func(kid string) (vault.Key, error) {
		return lookup.LookupKey(kid)
	}})
}

// IsConfigBackupKeyMissing reports whether err is a Config Backup whose profile key this
// instance does not have.
func IsConfigBackupKeyMissing(err error) bool {
	return errors.Is(err, configbackup.ErrProfileKeyRequired)
}
