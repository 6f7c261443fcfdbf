package execution

import (
	"context"
	"fmt"

	"github.com/dbackup/dbackup/ent"
	entbackup "github.com/dbackup/dbackup/ent/backup"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/authz"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/viewer"
)

// RestoreCheck is what a person should know before confirming a restore.
type RestoreCheck struct {
	BackupVersion string
	// TargetVersion is the target server's version; empty when it could not be reached.
	TargetVersion string
	// Warnings are reasons the restore may fail or surprise, such as an older target server or
	// a target that cannot be reached.
	Warnings []string
}

// CheckRestore connects to the target and compares it with the backup, without changing
// anything. Needs storage:restore.
func (s *Service) CheckRestore(ctx context.Context, backupID, targetID pulid.ID) (RestoreCheck, error) {
	if err := authz.Require(ctx, perm.StorageRestore); err != nil {
		return RestoreCheck{}, err
	}
	priv := viewer.Privileged(ctx)
	b, err := s.client.Backup.Query().Where(entbackup.ID(backupID)).Only(priv)
	switch {
	case ent.IsNotFound(err):
		return RestoreCheck{}, notFound("backup", backupID)
	case err != nil:
		return RestoreCheck{}, fmt.Errorf("load backup %s: %w", backupID, err)
	}
	out := RestoreCheck{BackupVersion: b.ServerVersion}
	target, src, err := s.catalog.OpenSource(ctx, targetID)
	if err != nil {
		out.Warnings = append(out.Warnings, err.Error())
		return out, nil
	}
	defer src.Close()
	if string(target.Engine) != b.Engine && !compatibleEngines(b.Engine, string(target.Engine)) {
		out.Warnings = append(out.Warnings, fmt.Sprintf("the backup was made from a %s source and cannot be restored into %s", b.Engine, target.Engine))
		return out, nil
	}
	info, err := src.Test(ctx)
	if err != nil {
		out.Warnings = append(out.Warnings, fmt.Sprintf("cannot reach %q now: %v", target.Name, err))
		return out, nil
	}
	out.TargetVersion = info.Version
	if w := versionWarning(b.ServerVersion, info.Version); w != "" {
		out.Warnings = append(out.Warnings, w)
	}
	return out, nil
}
