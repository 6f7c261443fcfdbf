package systask

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	entbackup "github.com/dbackup/dbackup/ent/backup"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/authz"
	"github.com/dbackup/dbackup/internal/backup"
	"github.com/dbackup/dbackup/internal/catalog"
	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/sidecar"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/system"
	"github.com/dbackup/dbackup/internal/viewer"
)

// ErrNotConfigured is a run of a task without a destination or an Encryption Profile.
var ErrNotConfigured = errors.New("the task has no destination or Encryption Profile: set both first")

// sidecarTimeout bounds writing one sidecar, which is a few KiB.
const sidecarTimeout = 2 * time.Minute

// compression of the tasks' backups: zstd, the default of jobs.
const compression = compress.Zstd

// RunNow runs a task at once and returns the finished run. Needs settings:write. A failure of
// the run itself (a destination that does not answer) is a FAILED run, not an error; a secret
// that does not open under the loaded ENCRYPTION_KEY is both recorded and returned, as the
// catalog's *OpenError, so that the API can say ENCRYPTION_KEY_MISMATCH.
func (s *Service) RunNow(ctx context.Context, k Kind) (Run, error) {
	if err := authz.Require(ctx, perm.SettingsWrite); err != nil {
		return Run{}, err
	}
	if !k.Valid() {
		return Run{}, fmt.Errorf("%w %q", ErrUnknownTask, k)
	}
	return s.run(viewer.SystemContext(ctx), k, false)
}

// run does one run of k and records it as the task's last run.
func (s *Service) run(ctx context.Context, k Kind, scheduled bool) (Run, error) {
	mu := s.running[k]
	mu.Lock()
	defer mu.Unlock()
	st, err := load(ctx, s.client, k)
	if err != nil {
		return Run{}, err
	}
	if st.DestinationID == "" || st.ProfileID == "" {
		return Run{}, &FieldError{Field: "kind", Msg: ErrNotConfigured.Error()}
	}
	r := Run{Status: Running, StartedAt: s.cfg.Now().UTC().Truncate(time.Second), Scheduled: scheduled}
	if err := s.record(ctx, k, r); err != nil {
		return Run{}, err
	}
	objectKey, size, runErr := s.execute(ctx, k, st.Settings, r.StartedAt)
	finished := s.cfg.Now().UTC()
	r.FinishedAt, r.ObjectKey, r.Size, r.Status = &finished, objectKey, size, Success
	if runErr != nil {
		r.Status, r.Error, r.ObjectKey, r.Size = Failed, runErr.Error(), "", 0
		s.cfg.Log.Warn("system task failed", "task", k, "err", runErr)
	}
	// The outcome is recorded even when the caller went away meanwhile.
	if err := s.record(context.WithoutCancel(ctx), k, r); err != nil {
		return r, err
	}
	if oe := (*catalog.OpenError)(nil); errors.As(runErr, &oe) {
		return r, runErr
	}
	return r, nil
}

// record stores r as the task's last run.
func (s *Service) record(ctx context.Context, k Kind, r Run) error {
	_, err := change(ctx, s.client, k, func(st *Settings) error {
		st.LastRun = &r
		return nil
	})
	return err
}

// execute makes, stores and describes one backup, then applies keep-N. It returns the stored
// object's name and size.
func (s *Service) execute(ctx context.Context, k Kind, st Settings, started time.Time) (string, int64, error) {
	profile, err := s.client.EncryptionProfile.Get(ctx, st.ProfileID)
	if err != nil {
		return "", 0, fmt.Errorf("load the Encryption Profile: %w", err)
	}
	key, err := s.catalog.ProfileKey(profile)
	if err != nil {
		return "", 0, err
	}
	dest, store, err := s.catalog.OpenDestination(ctx, st.DestinationID)
	if err != nil {
		return "", 0, err
	}
	defer store.Close()

	var dumper source.Dumper = configDumper{s: s, key: key}
	ext := ".json"
	if k == SystemBackup {
		dumper, ext = s.snapshotDumper(), ".db"
		if s.cfg.Dialect == system.Postgres {
			ext = ".dump"
		}
	}
	ext += compression.Extension() + ".enc"
	objectKey := s.objectKey(ctx, store, k, started, ext)
	res, err := backup.Run(ctx, backup.Plan{Dumper: dumper, Database: "dbackup", Compression: compression, Key: &key,
		ObjectKey: objectKey, Targets: []backup.Target{{Name: dest.Name, Storage: store}}}, nil)
	if err != nil {
		return "", 0, fmt.Errorf("store on destination %q: %w", dest.Name, err)
	}
	sc := sidecar.Sidecar{Object: objectKey, JobName: k.jobName(), Engine: k.engine(), ServerVersion: res.DumpInfo.ServerVersion,
		ToolVersion: res.DumpInfo.ToolVersion, Databases: []string{"dbackup"}, Format: res.DumpInfo.Format,
		Compression: string(compression), Size: res.Size, SHA256: res.SHA256, DumpSize: res.DumpSize,
		StartedAt: started, FinishedAt: s.cfg.Now().UTC(),
		Encryption: &sidecar.Encryption{Format: sidecar.EncryptionFormat, ProfileID: string(profile.ID), ProfileName: profile.Name, KeyID: profile.KeyID}}
	if err := s.complete(ctx, store, sc, dest.ID); err != nil {
		return "", 0, fmt.Errorf("destination %q: %w", dest.Name, err)
	}
	if err := s.keepLast(ctx, k, store, dest.ID, st.KeepLast); err != nil {
		// The new backup is stored; an old one that could not go is tried again next run.
		s.cfg.Log.Warn("system task keep-N", "task", k, "destination", dest.Name, "err", err)
	}
	return objectKey, res.Size, nil
}

// objectKey names the run's object by its UTC start time; a name already taken (two runs in one
// second) gets the milliseconds too, so that a backup is never replaced.
func (s *Service) objectKey(ctx context.Context, st storage.Storage, k Kind, started time.Time, ext string) string {
	base := k.folder() + k.engine() + "-"
	key := base + started.Format("20060102T150405Z") + ext
	if _, err := st.Stat(ctx, key); err == nil {
		key = base + s.cfg.Now().UTC().Format("20060102T150405.000Z") + ext
	}
	return key
}

// complete records the checksum where the storage can, writes the sidecar last (the object
// becomes a backup only then) and records the Backup for the storage explorer. When the sidecar
// cannot be written the object is removed, so that no backup without a description is left.
func (s *Service) complete(ctx context.Context, st storage.Storage, sc sidecar.Sidecar, destID pulid.ID) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sidecarTimeout)
	defer cancel()
	body, err := sidecar.Marshal(sc)
	if err != nil {
		_ = st.Delete(ctx, sc.Object)
		return err
	}
	if cr, ok := st.(storage.ChecksumRecorder); ok {
		if err := cr.RecordChecksum(ctx, sc.Object, sc.SHA256); err != nil {
			_ = st.Delete(ctx, sc.Object)
			return fmt.Errorf("record checksum: %w", err)
		}
	}
	if err := st.Put(ctx, sidecar.Name(sc.Object), bytes.NewReader(body), int64(len(body))); err != nil {
		_ = st.Delete(ctx, sc.Object)
		return fmt.Errorf("write sidecar: %w", err)
	}
	e := sc.Encryption
	err = s.client.Backup.Create().SetObjectKey(sc.Object).SetCreatedAt(sc.FinishedAt).SetJobName(sc.JobName).
		SetEngine(sc.Engine).SetServerVersion(sc.ServerVersion).SetFormat(sc.Format).SetDatabases(sc.Databases).
		SetCompression(entbackup.Compression(sc.Compression)).SetEncrypted(true).SetKeyID(e.KeyID).
		SetProfileID(e.ProfileID).SetProfileName(e.ProfileName).SetSize(sc.Size).SetDumpSize(sc.DumpSize).
		SetSha256(sc.SHA256).SetDestinationID(destID).
		OnConflictColumns(entbackup.FieldObjectKey, entbackup.DestinationColumn).UpdateNewValues().
		Exec(viewer.SystemContext(ctx))
	if err != nil {
		// The backup is complete on the destination; the next scan of the storage explorer
		// records it from its sidecar.
		s.cfg.Log.Warn("record system task backup", "object", sc.Object, "err", err)
	}
	return nil
}
