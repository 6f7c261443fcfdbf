package execution

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/dbackup/dbackup/ent"
	entbackup "github.com/dbackup/dbackup/ent/backup"
	entexec "github.com/dbackup/dbackup/ent/execution"
	entjob "github.com/dbackup/dbackup/ent/job"
	"github.com/dbackup/dbackup/internal/audit"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/authz"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/runinfo"
	"github.com/dbackup/dbackup/internal/viewer"
)

// Audit actions.
const (
	ActionJobRun  = "job.run"
	ActionRestore = "backup.restore"
	ActionCancel  = "execution.cancel"
)

// FieldError is invalid input about one argument.
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return e.Msg }

// RunJob queues a backup of the job and returns its Execution at once; the run happens in the
// background. trigger is "manual" or "schedule"; manual runs need jobs:run.
func (s *Service) RunJob(ctx context.Context, jobID pulid.ID, trigger entexec.Trigger) (*ent.Execution, error) {
	if trigger == entexec.TriggerManual {
		if err := authz.Require(ctx, perm.JobsRun); err != nil {
			return nil, err
		}
	}
	return s.runJob(ctx, jobID, trigger, nil)
}

// ErrAlreadyScheduled is a scheduled run that another node (or an earlier tick) already queued.
var ErrAlreadyScheduled = errors.New("this scheduled run is already queued")

// RunScheduled queues the run of a job for the schedule's instant at, as the system. A second
// call for the same job and instant, from any node, gives ErrAlreadyScheduled: the database
// holds one run per job and instant.
func (s *Service) RunScheduled(ctx context.Context, jobID pulid.ID, at time.Time) (*ent.Execution, error) {
	return s.runJob(viewer.SystemContext(ctx), jobID, entexec.TriggerSchedule, &at)
}

func (s *Service) runJob(ctx context.Context, jobID pulid.ID, trigger entexec.Trigger, scheduledFor *time.Time) (*ent.Execution, error) {
	job, err := s.client.Job.Query().Where(entjob.ID(jobID)).WithSource().WithTargets(func(q *ent.JobTargetQuery) {
		q.WithDestination()
	}).Only(viewer.Privileged(ctx))
	switch {
	case ent.IsNotFound(err):
		return nil, notFound("job", jobID)
	case err != nil:
		return nil, fmt.Errorf("load job %s: %w", jobID, err)
	}
	targets := make([]runinfo.Target, 0, len(job.Edges.Targets))
	slices.SortFunc(job.Edges.Targets, func(a, b *ent.JobTarget) int { return a.Position - b.Position })
	for _, t := range job.Edges.Targets {
		targets = append(targets, runinfo.Target{DestinationID: string(t.Edges.Destination.ID),
			Name: t.Edges.Destination.Name, Status: runinfo.TargetPending})
	}
	sys := viewer.SystemContext(ctx)
	exe, err := s.client.Execution.Create().SetKind(entexec.KindBackup).SetTrigger(trigger).
		SetJobID(job.ID).SetJobName(job.Name).SetSourceID(job.Edges.Source.ID).
		SetDatabases(job.Databases).SetTargets(targets).
		SetLog([]runinfo.Line{line(s.now(), runinfo.Info, "queued by "+actorName(ctx, trigger))}).
		SetNillableScheduledFor(scheduledFor).
		Save(sys)
	switch {
	case scheduledFor != nil && ent.IsConstraintError(err):
		return nil, ErrAlreadyScheduled
	case err != nil:
		return nil, fmt.Errorf("create execution of job %q: %w", job.Name, err)
	}
	if trigger == entexec.TriggerManual {
		if err := audit.Write(ctx, s.client, s.now(), audit.Entry{Action: ActionJobRun, EntityType: "Job",
			EntityID: string(job.ID), Details: map[string]any{"name": job.Name, "execution": string(exe.ID)}}); err != nil {
			return nil, err
		}
	}
	return s.enqueue(ctx, exe, KindBackup)
}

// DatabaseMapping maps a backed-up database to the database it is restored into.
type DatabaseMapping struct {
	From, To string
}

// RestoreBackup queues a restore of a stored backup into target (a source of the same engine)
// and returns its Execution at once. mapping renames databases; databases it does not name are
// restored under their own name. Needs storage:restore.
func (s *Service) RestoreBackup(ctx context.Context, backupID, targetID pulid.ID, mapping []DatabaseMapping) (*ent.Execution, error) {
	if err := authz.Require(ctx, perm.StorageRestore); err != nil {
		return nil, err
	}
	priv := viewer.Privileged(ctx)
	b, err := s.client.Backup.Query().Where(entbackup.ID(backupID)).WithDestination().Only(priv)
	switch {
	case ent.IsNotFound(err):
		return nil, notFound("backup", backupID)
	case err != nil:
		return nil, fmt.Errorf("load backup %s: %w", backupID, err)
	}
	target, err := s.client.Source.Get(priv, targetID)
	switch {
	case ent.IsNotFound(err):
		return nil, &FieldError{Field: "targetSourceId", Msg: "the target source does not exist (any more): reload and choose again"}
	case err != nil:
		return nil, fmt.Errorf("load source %s: %w", targetID, err)
	}
	if string(target.Engine) != b.Engine && !compatibleEngines(b.Engine, string(target.Engine)) {
		return nil, &FieldError{Field: "targetSourceId", Msg: fmt.Sprintf(
			"the backup was made from a %s source; choose a %s source to restore it into, not %s", b.Engine, b.Engine, target.Engine)}
	}
	if method, _ := restoreMethod(target); method == MethodManual {
		return nil, &FieldError{Field: "targetSourceId", Msg: fmt.Sprintf("restoring a Redis backup deletes everything on the "+
			"target (FLUSHALL, then every key of the backup is replayed): mark source %q as replaceable in its settings to "+
			"allow it, or put the snapshot in place by hand (the restore dialog lists the steps)", target.Name)}
	}
	if target.Engine == "sqlite" {
		if mapping, err = sqliteMapping(b.Databases, target.Database, mapping); err != nil {
			return nil, err
		}
	}
	m, err := checkMapping(b.Databases, mapping)
	if err != nil {
		return nil, err
	}
	var dbs []string
	for _, d := range b.Databases {
		if to := m[d]; to != "" {
			dbs = append(dbs, to)
		}
	}
	sys := viewer.SystemContext(ctx)
	exe, err := s.client.Execution.Create().SetKind(entexec.KindRestore).SetTrigger(entexec.TriggerManual).
		SetJobName(b.JobName).SetSourceID(target.ID).SetRestoredBackupID(b.ID).SetDatabases(dbs).
		SetDatabaseMapping(m).SetObjectKey(b.ObjectKey).SetTotalBytes(b.Size).SetSha256(b.Sha256).
		SetTargets([]runinfo.Target{{DestinationID: string(b.Edges.Destination.ID), Name: b.Edges.Destination.Name,
			Status: runinfo.TargetPending, ObjectKey: b.ObjectKey}}).
		SetLog([]runinfo.Line{line(s.now(), runinfo.Info, fmt.Sprintf("restore of %s into source %q queued by %s",
			b.ObjectKey, target.Name, actorName(ctx, entexec.TriggerManual)))}).
		Save(sys)
	if err != nil {
		return nil, fmt.Errorf("create restore execution: %w", err)
	}
	if err := audit.Write(ctx, s.client, s.now(), audit.Entry{Action: ActionRestore, EntityType: "Backup",
		EntityID: string(b.ID), Details: map[string]any{"object": b.ObjectKey, "destination": b.Edges.Destination.Name,
			"target": target.Name, "mapping": m, "execution": string(exe.ID)}}); err != nil {
		return nil, err
	}
	return s.enqueue(ctx, exe, KindRestore)
}

// sqliteMapping points a SQLite restore at the target source's own file: a SQLite "database" is
// a file path, and a restore may write only the file the chosen source is configured with, never
// a path typed into the mapping.
func sqliteMapping(dbs []string, file string, mapping []DatabaseMapping) ([]DatabaseMapping, error) {
	if len(dbs) != 1 {
		return nil, &FieldError{Field: "databaseMapping", Msg: "a SQLite backup holds one database file"}
	}
	for _, e := range mapping {
		if e.From == dbs[0] && e.To != "" && e.To != file {
			return nil, &FieldError{Field: "databaseMapping", Msg: fmt.Sprintf(
				"a SQLite restore writes the target source's file %s; to restore elsewhere, add a SQLite source for that file and choose it", file)}
		}
	}
	return []DatabaseMapping{{From: dbs[0], To: file}}, nil
}

// compatibleEngines allows MySQL and MariaDB dumps to cross, as their tools do.
func compatibleEngines(a, b string) bool {
	my := func(e string) bool { return e == "mysql" || e == "mariadb" }
	return my(a) && my(b)
}

// checkMapping validates a database mapping against the backup's databases and returns it
// complete: every backed-up database maps to a target name, "" meaning skip it.
func checkMapping(dbs []string, mapping []DatabaseMapping) (map[string]string, error) {
	m := make(map[string]string, len(dbs))
	for _, d := range dbs {
		m[d] = d
	}
	for _, e := range mapping {
		if _, ok := m[e.From]; !ok {
			return nil, &FieldError{Field: "databaseMapping", Msg: fmt.Sprintf(
				"the backup holds no database %q; it holds %s", e.From, strings.Join(dbs, ", "))}
		}
		m[e.From] = strings.TrimSpace(e.To)
	}
	seen := map[string]string{}
	for _, from := range slices.Sorted(maps.Keys(m)) {
		to := m[from]
		if to == "" {
			continue
		}
		if other, dup := seen[to]; dup {
			return nil, &FieldError{Field: "databaseMapping", Msg: fmt.Sprintf(
				"databases %q and %q would both be restored into %q: give them different targets", other, from, to)}
		}
		seen[to] = from
	}
	if len(seen) == 0 {
		return nil, &FieldError{Field: "databaseMapping", Msg: "the mapping skips every database: map at least one"}
	}
	return m, nil
}

// enqueue hands exe to the queue; a refused enqueue fails the execution so it does not stay
// QUEUED forever.
func (s *Service) enqueue(ctx context.Context, exe *ent.Execution, kind Kind) (*ent.Execution, error) {
	sys := viewer.SystemContext(context.WithoutCancel(ctx))
	if s.queue == nil {
		return nil, errors.New("execution: no job queue configured")
	}
	qid, err := s.queue.Enqueue(sys, kind, exe.ID)
	if err != nil {
		_ = s.client.Execution.UpdateOneID(exe.ID).SetStatus(entexec.StatusFAILED).SetPhase("done").
			SetFinishedAt(s.now()).SetError("the job queue refused the run: " + err.Error()).Exec(sys)
		return nil, fmt.Errorf("enqueue execution %s: %w", exe.ID, err)
	}
	return s.client.Execution.UpdateOneID(exe.ID).SetQueueJobID(qid).Save(sys)
}

// Cancel stops a queued or running execution. A queued one ends CANCELLED at once; a running
// one stops within a heartbeat, removes its partial objects and ends CANCELLED. Needs jobs:run
// for backups and storage:restore for restores.
func (s *Service) Cancel(ctx context.Context, id pulid.ID) (*ent.Execution, error) {
	sys := viewer.SystemContext(ctx)
	exe, err := s.client.Execution.Get(sys, id)
	switch {
	case ent.IsNotFound(err):
		return nil, notFound("execution", id)
	case err != nil:
		return nil, fmt.Errorf("load execution %s: %w", id, err)
	}
	need := perm.JobsRun
	if exe.Kind == entexec.KindRestore {
		need = perm.StorageRestore
	}
	if err := authz.Require(ctx, need); err != nil {
		return nil, err
	}
	switch exe.Status {
	case entexec.StatusQUEUED:
		n, err := s.client.Execution.Update().Where(entexec.ID(id), entexec.StatusEQ(entexec.StatusQUEUED)).
			SetStatus(entexec.StatusCANCELLED).SetPhase("done").SetFinishedAt(s.now()).
			SetLog(append(exe.Log, line(s.now(), runinfo.Warn, "cancelled before it started by "+viewer.FromContext(ctx).ActorName()))).
			Save(sys)
		if err != nil {
			return nil, fmt.Errorf("cancel execution %s: %w", id, err)
		}
		if n == 0 { // a worker claimed it meanwhile: ask it to stop
			return s.Cancel(ctx, id)
		}
		if exe.QueueJobID != nil && s.queue != nil {
			_ = s.queue.Cancel(sys, *exe.QueueJobID)
		}
	case entexec.StatusRUNNING:
		if err := s.client.Execution.UpdateOneID(id).SetCancelRequested(true).Exec(sys); err != nil {
			return nil, fmt.Errorf("cancel execution %s: %w", id, err)
		}
		s.mu.Lock()
		cancel := s.running[id]
		s.mu.Unlock()
		if cancel != nil {
			cancel(ErrCancelled)
		}
	default:
		return nil, fmt.Errorf("execution %s is %s: %w", id, exe.Status, ErrFinished)
	}
	if err := audit.Write(ctx, s.client, s.now(), audit.Entry{Action: ActionCancel, EntityType: "Execution",
		EntityID: string(id), Details: map[string]any{"kind": string(exe.Kind), "job": exe.JobName}}); err != nil {
		return nil, err
	}
	return s.client.Execution.Get(sys, id)
}

func actorName(ctx context.Context, trigger entexec.Trigger) string {
	if trigger == entexec.TriggerSchedule {
		return "the schedule"
	}
	return viewer.FromContext(ctx).ActorName()
}
