package execution

import (
	"context"
	"fmt"

	"github.com/dbackup/dbackup/ent"
	entbackup "github.com/dbackup/dbackup/ent/backup"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/authz"
	"github.com/dbackup/dbackup/internal/catalog"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/source/redis"
	"github.com/dbackup/dbackup/internal/viewer"
)

// RestoreCheck is what a person should know before confirming a restore.
type RestoreCheck struct {
	// Method is how the restore would change the target; nil when the target cannot be used.
	Method *RestoreMethod
	// ManualSteps are the steps to restore by hand, where that is the way (Redis).
	ManualSteps   []string
	BackupVersion string
	// TargetVersion is the target server's version; empty when it could not be reached.
	TargetVersion string
	// Warnings are reasons the restore may fail or surprise, such as an older target server or
	// a target that cannot be reached.
	Warnings []string
}

// RestoreMethod is how a restore changes its target.
type RestoreMethod string

// Restore methods.
const (
	// MethodReplaceDatabases drops and recreates the mapped databases with the engine's tools.
	MethodReplaceDatabases RestoreMethod = "REPLACE_DATABASES"
	// MethodReplaceFile replaces a SQLite source's file, through a temporary name.
	MethodReplaceFile RestoreMethod = "REPLACE_FILE"
	// MethodFlushAndReplay runs FLUSHALL on a Redis server marked replaceable and replays every
	// key with RESTORE; it works on managed Redis too.
	MethodFlushAndReplay RestoreMethod = "FLUSH_AND_REPLAY"
	// MethodManual is a Redis server not marked replaceable: DBackup does not touch it, and a
	// person puts the snapshot in place by hand.
	MethodManual RestoreMethod = "MANUAL"
)

// restoreMethod is how a restore into target goes, and the manual steps where they apply.
func restoreMethod(target *ent.Source) (RestoreMethod, []string) {
	switch target.Engine {
	case "sqlite":
		return MethodReplaceFile, nil
	case "redis":
		if catalog.SourceSettings(target)[redis.FieldReplaceable] == "true" {
			return MethodFlushAndReplay, redis.ManualRestoreSteps
		}
		return MethodManual, redis.ManualRestoreSteps
	}
	return MethodReplaceDatabases, nil
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
	if row, err := s.client.Source.Get(priv, targetID); err == nil {
		m, steps := restoreMethod(row)
		out.Method, out.ManualSteps = &m, steps
	}
	target, src, err := s.catalog.OpenSource(ctx, targetID)
	if err != nil {
		out.Warnings = append(out.Warnings, err.Error())
		return out, nil
	}
	defer src.Close()
	if string(target.Engine) != b.Engine && !compatibleEngines(b.Engine, string(target.Engine)) {
		out.Warnings = append(out.Warnings, fmt.Sprintf("the backup was made from a %s source and cannot be restored into %s", b.Engine, target.Engine))
		out.Method, out.ManualSteps = nil, nil
		return out, nil
	}
	if out.Method != nil && *out.Method == MethodManual {
		out.Warnings = append(out.Warnings, fmt.Sprintf("source %q is not marked replaceable, so it can only be restored by hand: "+
			"follow the steps, or mark it replaceable in its settings to let DBackup flush it and replay the backup", target.Name))
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
