package execution

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dbackup/dbackup/ent"
	entbackup "github.com/dbackup/dbackup/ent/backup"
	entdest "github.com/dbackup/dbackup/ent/destination"
	entexec "github.com/dbackup/dbackup/ent/execution"
	entjob "github.com/dbackup/dbackup/ent/job"
	"github.com/dbackup/dbackup/internal/backup"
	"github.com/dbackup/dbackup/internal/catalog"
	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/runinfo"
	"github.com/dbackup/dbackup/internal/sidecar"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// sidecarTimeout bounds writing one sidecar, which is small; a destination that cannot take a
// few KiB in this time is failing.
const sidecarTimeout = 2 * time.Minute

// runFailure is a failure recorded on the execution with a code.
type runFailure struct {
	code string
	err  error
}

func (f *runFailure) Error() string { return f.err.Error() }
func (f *runFailure) Unwrap() error { return f.err }

func fail(code string, err error) error { return &runFailure{code: code, err: err} }

// codeOf picks the code of a failure: the catalog's for a secret that did not open.
func codeOf(err error) string {
	var oe *catalog.OpenError
	if errors.As(err, &oe) {
		return oe.Code()
	}
	var rf *runFailure
	if errors.As(err, &rf) {
		return rf.code
	}
	return ""
}

// opened is one destination of a run, open or failed to open.
type opened struct {
	index int
	dest  *ent.Destination
	st    storage.Storage
}

// runBackup does a claimed backup run and records its end.
func (s *Service) runBackup(ctx context.Context, exe *ent.Execution, rec *recorder) error {
	res, err := s.backup(ctx, exe, rec)
	status, msg, code := outcome(ctx, err, rec)
	switch {
	case status != entexec.StatusSUCCESS:
		if status == entexec.StatusCANCELLED {
			rec.logf(runinfo.Warn, "no backup was stored")
		}
	case res.stored < rec.targetCount():
		// Some destinations failed, while streaming or already when they were opened.
		status, code = entexec.StatusPARTIAL, CodeDestinations
		msg = "some destinations failed; see their errors"
		rec.logf(runinfo.Warn, "stored on %d of %d destinations", res.stored, rec.targetCount())
	default:
		rec.logf(runinfo.Info, "stored %s on %d destination(s), sha256 %s", humanBytes(res.Size), res.stored, res.SHA256)
	}
	if status == entexec.StatusFAILED || status == entexec.StatusCANCELLED {
		rec.update(func(r *recorder) {
			for i := range r.targets {
				if t := &r.targets[i]; t.Status != runinfo.TargetFailed {
					t.Status, t.Error = runinfo.TargetFailed, cmp.Or(t.Error, msg)
				}
			}
		})
	}
	err = rec.finish(status, msg, code, func(u *ent.ExecutionUpdateOne) {
		if res.SHA256 != "" && status != entexec.StatusFAILED && status != entexec.StatusCANCELLED {
			u.SetSha256(res.SHA256)
		}
		if res.objectKey != "" {
			u.SetObjectKey(res.objectKey)
		}
		if len(res.databases) > 0 {
			u.SetDatabases(res.databases)
		}
	})
	if status == entexec.StatusSUCCESS || status == entexec.StatusPARTIAL {
		s.queueRetention(ctx, exe, rec)
	}
	return err
}

// queueRetention queues retention on every destination that took the run's backup: only a new
// good backup may make an older one redundant.
func (s *Service) queueRetention(ctx context.Context, exe *ent.Execution, rec *recorder) {
	jobID, err := exe.QueryJob().OnlyID(viewer.SystemContext(ctx))
	if err != nil {
		return // the job was deleted meanwhile: no policy applies
	}
	for _, t := range rec.snapshotTargets() {
		if t.Status != runinfo.TargetDone {
			continue
		}
		if err := s.queue.EnqueueRetention(context.WithoutCancel(ctx), jobID, pulid.ID(t.DestinationID)); err != nil {
			s.log.Warn("queue retention", "job", exe.JobName, "destination", t.Name, "err", err)
		}
	}
}

// runResult is what a backup run produced.
type runResult struct {
	backup.Result
	objectKey string
	databases []string
	stored    int
}

func (s *Service) backup(ctx context.Context, exe *ent.Execution, rec *recorder) (runResult, error) {
	var res runResult
	jobID, err := exe.QueryJob().OnlyID(ctx)
	if err != nil {
		return res, fail(CodeSource, errors.New("the job was deleted before the run started"))
	}
	job, err := s.client.Job.Query().Where(entjob.ID(jobID)).WithSource().WithEncryptionProfile().
		WithTargets(func(q *ent.JobTargetQuery) { q.WithDestination() }).Only(ctx)
	if err != nil {
		return res, fmt.Errorf("load job: %w", err)
	}
	engine := string(job.Edges.Source.Engine)
	srcRow, src, err := s.catalog.OpenSource(ctx, job.Edges.Source.ID)
	if err != nil {
		return res, err
	}
	defer src.Close()
	dumper, ok := src.(source.Dumper)
	if !ok {
		return res, fail(CodeNotSupported, fmt.Errorf("backups of %s sources are not supported yet", engine))
	}

	var key *vault.Key
	var enc *sidecar.Encryption
	if p := job.Edges.EncryptionProfile; p != nil {
		k, err := s.catalog.ProfileKey(p)
		if err != nil {
			return res, err
		}
		key = &k
		enc = &sidecar.Encryption{Format: sidecar.EncryptionFormat, ProfileID: string(p.ID), ProfileName: p.Name, KeyID: p.KeyID}
	}

	dbs := job.Databases
	if len(dbs) == 0 {
		rec.setPhase("listing")
		list, err := src.ListDatabases(ctx)
		if err != nil {
			return res, fail(CodeSource, fmt.Errorf("list databases of source %q: %w", srcRow.Name, err))
		}
		for _, d := range list {
			dbs = append(dbs, d.Name)
		}
		if len(dbs) == 0 {
			return res, fail(CodeSource, fmt.Errorf("source %q lists no databases to back up", srcRow.Name))
		}
		rec.logf(runinfo.Info, "backing up every database: %s", strings.Join(dbs, ", "))
	}
	if engine == "redis" && len(dbs) > 1 {
		// An RDB snapshot always holds the whole instance: one is enough for every database.
		rec.logf(runinfo.Info, "a Redis backup holds the whole instance (%s): taking one snapshot", strings.Join(dbs, ", "))
		dbs = dbs[:1]
	}
	res.databases = dbs

	alg, err := compress.Parse(string(job.Compression))
	if err != nil {
		return res, err
	}
	ext := extension(engine, len(dbs)) + alg.Extension()
	if key != nil {
		ext += ".enc"
	}
	dbName := dbs[0]
	if len(dbs) > 1 {
		dbName = fmt.Sprintf("%d-databases", len(dbs))
	}
	loc := time.UTC
	if l, err := time.LoadLocation(job.Timezone); err == nil {
		loc = l
	}
	started := *exe.StartedAt
	res.objectKey, err = backup.ObjectName(job.NameTemplate, backup.NameVars{Job: job.Name, Database: dbName,
		ExecutionID: string(exe.ID), Time: started.In(loc)}, ext)
	if err != nil {
		return res, fail(CodeInvalidBackup, err)
	}

	targets := s.openTargets(ctx, job, rec, res.objectKey)
	defer func() {
		for _, t := range targets {
			_ = t.st.Close()
		}
	}()
	if len(targets) == 0 {
		return res, s.allTargetsFailed(rec)
	}
	if s.taken(ctx, targets, res.objectKey) {
		// Another run got the same name (two runs in one second): never replace a backup.
		tmpl := cmp.Or(strings.TrimSpace(job.NameTemplate), backup.DefaultNameTemplate) + "_{id}"
		if res.objectKey, err = backup.ObjectName(tmpl, backup.NameVars{Job: job.Name, Database: dbName,
			ExecutionID: string(exe.ID), Time: started.In(loc)}, ext); err != nil {
			return res, fail(CodeInvalidBackup, err)
		}
		rec.update(func(r *recorder) {
			for _, t := range targets {
				r.targets[t.index].ObjectKey = res.objectKey
			}
		})
	}

	var plan = backup.Plan{Dumper: dumper, Database: dbs[0], Compression: alg, Key: key, ObjectKey: res.objectKey}
	if len(dbs) > 1 {
		plan.Dumper = archiveDumper{dumper: dumper, engine: engine, databases: dbs, onDatabase: func(i int, db string) {
			rec.logf(runinfo.Info, "dumping database %d of %d: %s", i+1, len(dbs), db)
		}}
	} else {
		rec.logf(runinfo.Info, "dumping database %s", dbs[0])
	}
	for _, t := range targets {
		plan.Targets = append(plan.Targets, backup.Target{Name: t.dest.Name, Storage: t.st})
	}
	rec.setPhase("dumping")
	rec.update(func(r *recorder) {
		for _, t := range targets {
			r.targets[t.index].Status = runinfo.TargetRunning
		}
	})
	result, runErr := backup.Run(ctx, plan, func(p backup.Progress) {
		rec.update(func(r *recorder) {
			r.dumpBytes = p.DumpBytes
			for i, tp := range p.Targets {
				r.targets[targets[i].index].Bytes = tp.Bytes
			}
		})
	})
	res.Result = result
	rec.update(func(r *recorder) {
		r.dumpBytes, r.size = result.DumpSize, result.Size
		for i, tr := range result.Targets {
			t := &r.targets[targets[i].index]
			t.Bytes = tr.Bytes
			if tr.Err != nil || runErr != nil {
				t.Status = runinfo.TargetFailed
				t.Error = errText(tr.Err, runErr)
			}
		}
	})
	if errors.Is(context.Cause(ctx), ErrCancelled) {
		// Cancelled while some destinations were still writing: the ones that finished hold a
		// complete object that was never announced by a sidecar, so it goes too.
		s.discard(targets, result, res.objectKey)
		return res, context.Cause(ctx)
	}
	if runErr != nil {
		if errors.Is(runErr, backup.ErrAllTargetsFailed) {
			return res, s.allTargetsFailed(rec)
		}
		return res, fail(CodeSource, runErr)
	}
	rec.logf(runinfo.Info, "dump of %s compressed to %s in %s", humanBytes(result.DumpSize), humanBytes(result.Size),
		result.Duration.Round(time.Millisecond))

	rec.setPhase("finishing")
	sc := sidecar.Sidecar{Object: res.objectKey, JobID: string(job.ID), JobName: job.Name, ExecutionID: string(exe.ID),
		Engine: engine, ServerVersion: result.DumpInfo.ServerVersion, ToolVersion: result.DumpInfo.ToolVersion,
		Databases: dbs, Format: result.DumpInfo.Format, Compression: string(alg), Encryption: enc,
		Size: result.Size, SHA256: result.SHA256, DumpSize: result.DumpSize, StartedAt: started.UTC(), FinishedAt: s.now().UTC()}
	body, err := sidecar.Marshal(sc)
	if err != nil {
		return res, fail(CodeInvalidBackup, err)
	}
	for i, tr := range result.Targets {
		if tr.Err != nil {
			continue
		}
		t := targets[i]
		if err := s.complete(ctx, t, sc, body, job, exe.ID); err != nil {
			rec.logf(runinfo.Error, "destination %s: %v", t.dest.Name, err)
			res.Targets[i].Err = err
			rec.update(func(r *recorder) {
				r.targets[t.index].Status, r.targets[t.index].Error = runinfo.TargetFailed, err.Error()
			})
			continue
		}
		res.stored++
		rec.update(func(r *recorder) { r.targets[t.index].Status = runinfo.TargetDone })
	}
	if res.stored == 0 {
		return res, s.allTargetsFailed(rec)
	}
	return res, nil
}

// taken reports whether a backup recorded on one of the targets already has the name key. The
// records are asked rather than the destinations, so that a destination that does not answer
// cannot hold the run before its stall timeout; a destination's listing records what other
// instances stored there.
func (s *Service) taken(ctx context.Context, targets []opened, key string) bool {
	ids := make([]pulid.ID, 0, len(targets))
	for _, t := range targets {
		ids = append(ids, t.dest.ID)
	}
	n, err := s.client.Backup.Query().Where(entbackup.ObjectKey(key), entbackup.HasDestinationWith(entdest.IDIn(ids...))).Count(ctx)
	return err == nil && n > 0
}

// discard removes the objects that targets stored during a run that is being abandoned.
func (s *Service) discard(targets []opened, result backup.Result, key string) {
	ctx, cancel := context.WithTimeout(viewer.SystemContext(context.Background()), sidecarTimeout)
	defer cancel()
	for i, tr := range result.Targets {
		if tr.Err == nil {
			if err := targets[i].st.Delete(ctx, key); err != nil {
				s.log.Warn("remove object of cancelled run", "destination", targets[i].dest.Name, "err", err)
			}
		}
	}
}

// openTargets opens the job's destinations; one that cannot be opened is marked failed and the
// others go on.
func (s *Service) openTargets(ctx context.Context, job *ent.Job, rec *recorder, objectKey string) []opened {
	ts := slices.Clone(job.Edges.Targets)
	slices.SortFunc(ts, func(a, b *ent.JobTarget) int { return a.Position - b.Position })
	var out []opened
	for _, jt := range ts {
		d := jt.Edges.Destination
		idx := slices.IndexFunc(rec.targets, func(t runinfo.Target) bool { return t.DestinationID == string(d.ID) })
		if idx < 0 { // the job's destinations changed after the run was queued
			rec.update(func(r *recorder) {
				r.targets = append(r.targets, runinfo.Target{DestinationID: string(d.ID), Name: d.Name})
				idx = len(r.targets) - 1
			})
		}
		rec.update(func(r *recorder) { r.targets[idx].ObjectKey = objectKey })
		_, st, err := s.catalog.OpenDestination(ctx, d.ID)
		if err != nil {
			rec.logf(runinfo.Error, "destination %s: %v", d.Name, err)
			rec.update(func(r *recorder) {
				r.targets[idx].Status, r.targets[idx].Error = runinfo.TargetFailed, err.Error()
			})
			if code := codeOf(err); code != "" {
				rec.firstCode(code, err)
			}
			continue
		}
		out = append(out, opened{index: idx, dest: d, st: st})
	}
	return out
}

// allTargetsFailed is the error of a run that stored nothing: the first secret problem when
// there was one (so a wrong ENCRYPTION_KEY is named), else a summary.
func (s *Service) allTargetsFailed(rec *recorder) error {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.secretErr != nil {
		return rec.secretErr
	}
	var msgs []string
	for _, t := range rec.targets {
		if t.Error != "" {
			msgs = append(msgs, t.Name+": "+t.Error)
		}
	}
	return fail(CodeDestinations, fmt.Errorf("every destination failed: %s", strings.Join(msgs, "; ")))
}

// complete records the checksum on the object where the storage can, writes the sidecar last
// and records the Backup. When the sidecar cannot be written the object is removed, so that no
// backup without a description is left.
func (s *Service) complete(ctx context.Context, t opened, sc sidecar.Sidecar, body []byte, job *ent.Job, exeID pulid.ID) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sidecarTimeout)
	defer cancel()
	if cr, ok := t.st.(storage.ChecksumRecorder); ok {
		if err := cr.RecordChecksum(ctx, sc.Object, sc.SHA256); err != nil {
			_ = t.st.Delete(ctx, sc.Object)
			return fmt.Errorf("record checksum: %w", err)
		}
	}
	if err := t.st.Put(ctx, sidecar.Name(sc.Object), bytes.NewReader(body), int64(len(body))); err != nil {
		_ = t.st.Delete(ctx, sc.Object)
		return fmt.Errorf("write sidecar: %w", err)
	}
	c := s.client.Backup.Create().SetObjectKey(sc.Object).SetCreatedAt(sc.FinishedAt).SetJobName(sc.JobName).
		SetEngine(sc.Engine).SetServerVersion(sc.ServerVersion).SetFormat(sc.Format).SetDatabases(sc.Databases).
		SetCompression(entbackup.Compression(sc.Compression)).SetEncrypted(sc.Encryption != nil).
		SetSize(sc.Size).SetDumpSize(sc.DumpSize).SetSha256(sc.SHA256).
		SetDestinationID(t.dest.ID).SetExecutionID(exeID).SetJobID(job.ID)
	if e := sc.Encryption; e != nil {
		c.SetKeyID(e.KeyID).SetProfileID(e.ProfileID).SetProfileName(e.ProfileName)
	}
	if err := c.OnConflictColumns("object_key", "backup_destination").UpdateNewValues().Exec(viewer.SystemContext(ctx)); err != nil {
		return fmt.Errorf("record backup: %w", err)
	}
	return nil
}

func errText(errs ...error) string {
	for _, e := range errs {
		if e != nil {
			return e.Error()
		}
	}
	return ""
}

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
