package catalog

import (
	"context"
	"errors"
	"fmt"
	"github.com/dbackup/dbackup/internal/backup"
	"slices"
	"strings"
	"time"

	"github.com/dbackup/dbackup/ent"
	entjob "github.com/dbackup/dbackup/ent/job"
	"github.com/dbackup/dbackup/ent/jobtarget"
	entchan "github.com/dbackup/dbackup/ent/notificationchannel"
	"github.com/dbackup/dbackup/internal/audit"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/schedule"
	"github.com/dbackup/dbackup/internal/viewer"
)

// Audit actions of jobs.
const (
	ActionJobCreate = "job.create"
	ActionJobUpdate = "job.update"
	ActionJobDelete = "job.delete"
)

// maxTargets bounds a job's destinations: each is written concurrently during a backup.
const maxTargets = 16

// Retention says which backups one destination keeps; nil rules keep everything they cover.
type Retention struct {
	KeepLast, KeepDays, KeepDaily, KeepWeekly, KeepMonthly, KeepYearly *int
}

// Target is one destination of a job input.
type Target struct {
	DestinationID pulid.ID
	Retention     Retention
}

// JobInput is a new job, or changes to one: nil fields keep what is stored on update.
type JobInput struct {
	Name                   *string
	SourceID               *pulid.ID
	Databases              *[]string
	Targets                *[]Target
	Compression            *string
	EncryptionProfileID    *pulid.ID
	ClearEncryptionProfile bool
	Schedule               *string
	Timezone               *string
	Enabled                *bool
	// CatchUp is "run_once" or "skip": what the scheduler does after downtime that missed runs.
	CatchUp *string
	// NotifySuccess, NotifyPartial and NotifyFailure replace the channels told about each
	// outcome when given.
	NotifySuccess, NotifyPartial, NotifyFailure *[]pulid.ID
	// NameTemplate names stored objects (backup.ObjectName); empty uses the default.
	NameTemplate *string
}

// NextRun returns when the job's schedule fires next after now; nil without a schedule or
// while the job is disabled.
func NextRun(j *ent.Job, now time.Time) *time.Time {
	if !j.Enabled || j.Schedule == "" {
		return nil
	}
	s, err := schedule.Parse(j.Schedule, j.Timezone)
	if err != nil {
		return nil
	}
	next := s.Next(now)
	return &next
}

// CreateJob saves a new job.
func (s *Service) CreateJob(ctx context.Context, in JobInput) (*ent.Job, error) {
	if in.SourceID == nil {
		return nil, fieldError("sourceId", "choose the source to back up")
	}
	if in.Targets == nil {
		return nil, fieldError("targets", "choose at least one destination")
	}
	var out *ent.Job
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		c := tx.Job.Create()
		name, err := s.writeJob(ctx, tx, c.Mutation(), in, nil)
		if err != nil {
			return err
		}
		if out, err = c.Save(ctx); err != nil {
			return constraint(err, "job", name)
		}
		if err := writeTargets(ctx, tx, out.ID, *in.Targets); err != nil {
			return err
		}
		return s.audit(ctx, tx.Client(), audit.Entry{
			Action: ActionJobCreate, EntityType: "Job", EntityID: string(out.ID), Fields: jobFields(in),
			Details: map[string]any{"name": name},
		})
	})
	return out, err
}

// UpdateJob changes a job; Targets, when given, replaces the destinations.
func (s *Service) UpdateJob(ctx context.Context, id pulid.ID, in JobInput) (*ent.Job, error) {
	var out *ent.Job
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		old, err := tx.Job.Get(viewer.Privileged(ctx), id)
		switch {
		case ent.IsNotFound(err):
			return notFound("job", id)
		case err != nil:
			return fmt.Errorf("load job %s: %w", id, err)
		}
		u := tx.Job.UpdateOne(old)
		name, err := s.writeJob(ctx, tx, u.Mutation(), in, old)
		if err != nil {
			return err
		}
		if out, err = u.Save(ctx); err != nil {
			return constraint(err, "job", name)
		}
		if in.Targets != nil {
			if _, err := tx.JobTarget.Delete().Where(jobtarget.HasJobWith(entjob.ID(id))).Exec(ctx); err != nil {
				return fmt.Errorf("replace destinations of job %q: %w", name, err)
			}
			if err := writeTargets(ctx, tx, id, *in.Targets); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx.Client(), audit.Entry{
			Action: ActionJobUpdate, EntityType: "Job", EntityID: string(id), Fields: jobFields(in),
			Details: map[string]any{"name": name},
		})
	})
	return out, err
}

// DeleteJob deletes a job and its targets; the backups it made stay where they are.
func (s *Service) DeleteJob(ctx context.Context, id pulid.ID) error {
	return s.withTx(ctx, func(tx *ent.Tx) error {
		old, err := tx.Job.Get(viewer.Privileged(ctx), id)
		switch {
		case ent.IsNotFound(err):
			return notFound("job", id)
		case err != nil:
			return fmt.Errorf("load job %s: %w", id, err)
		}
		if _, err := tx.JobTarget.Delete().Where(jobtarget.HasJobWith(entjob.ID(id))).Exec(ctx); err != nil {
			return fmt.Errorf("delete destinations of job %q: %w", old.Name, err)
		}
		if err := tx.Job.DeleteOne(old).Exec(ctx); err != nil {
			return fmt.Errorf("delete job %q: %w", old.Name, err)
		}
		return s.audit(ctx, tx.Client(), audit.Entry{
			Action: ActionJobDelete, EntityType: "Job", EntityID: string(id), Details: map[string]any{"name": old.Name},
		})
	})
}

// writeJob validates in against old (nil for a new job) and sets the job's fields on m. It
// returns the job's name.
func (s *Service) writeJob(ctx context.Context, tx *ent.Tx, m *ent.JobMutation, in JobInput, old *ent.Job) (string, error) {
	name := ""
	if old != nil {
		name = old.Name
	}
	if in.Name != nil || old == nil {
		if name = strings.TrimSpace(deref(in.Name)); name == "" {
			return "", fieldError("name", "give the job a name")
		}
		m.SetName(name)
	}
	if in.SourceID != nil {
		if _, err := tx.Source.Get(viewer.Privileged(ctx), *in.SourceID); err != nil {
			return "", refError(err, "sourceId", "source")
		}
		m.SetSourceID(*in.SourceID)
	}
	if in.Databases != nil {
		var dbs []string
		for _, d := range *in.Databases {
			if d = strings.TrimSpace(d); d != "" && !slices.Contains(dbs, d) {
				dbs = append(dbs, d)
			}
		}
		m.SetDatabases(dbs)
	}
	if in.Compression != nil {
		c := entjob.Compression(*in.Compression)
		if err := entjob.CompressionValidator(c); err != nil {
			return "", fieldError("compression", "compression must be zstd, gzip, brotli or none")
		}
		m.SetCompression(c)
	}
	switch {
	case in.ClearEncryptionProfile:
		m.ClearEncryptionProfile()
	case in.EncryptionProfileID != nil:
		if _, err := tx.EncryptionProfile.Get(viewer.Privileged(ctx), *in.EncryptionProfileID); err != nil {
			return "", refError(err, "encryptionProfileId", "encryption profile")
		}
		m.SetEncryptionProfileID(*in.EncryptionProfileID)
	}
	expr, tz := "", "UTC"
	if old != nil {
		expr, tz = old.Schedule, old.Timezone
	}
	if in.Schedule != nil {
		expr = strings.TrimSpace(*in.Schedule)
		m.SetSchedule(expr)
	}
	if in.Timezone != nil {
		if tz = strings.TrimSpace(*in.Timezone); tz == "" {
			tz = "UTC"
		}
		m.SetTimezone(tz)
	}
	if expr != "" || in.Timezone != nil {
		if expr == "" {
			expr = "@daily" // validates the time zone alone
		}
		if _, err := schedule.Parse(expr, tz); err != nil {
			var se *schedule.Error
			if errors.As(err, &se) {
				return "", &FieldError{Field: se.Field, Msg: se.Msg}
			}
			return "", err
		}
	}
	enabled := old == nil || old.Enabled
	if in.Enabled != nil {
		enabled = *in.Enabled
		m.SetEnabled(enabled)
	}
	if old == nil || in.Schedule != nil || in.Timezone != nil || in.Enabled != nil {
		// The scheduler fires at next_run_at; a changed schedule starts counting from now.
		if next := NextRun(&ent.Job{Schedule: expr, Timezone: tz, Enabled: enabled}, s.now()); next != nil {
			m.SetNextRunAt(*next)
		} else {
			m.ClearNextRunAt()
		}
	}
	if in.CatchUp != nil {
		c := entjob.CatchUp(*in.CatchUp)
		if err := entjob.CatchUpValidator(c); err != nil {
			return "", fieldError("catchUp", "catchUp must be run_once or skip")
		}
		m.SetCatchUp(c)
	}
	for _, n := range []struct {
		field string
		ids   *[]pulid.ID
		set   func(...pulid.ID)
		clear func()
	}{
		{"notifySuccessIds", in.NotifySuccess, m.AddNotifySuccesIDs, m.ClearNotifySuccess},
		{"notifyPartialIds", in.NotifyPartial, m.AddNotifyPartialIDs, m.ClearNotifyPartial},
		{"notifyFailureIds", in.NotifyFailure, m.AddNotifyFailureIDs, m.ClearNotifyFailure},
	} {
		if n.ids == nil {
			continue
		}
		ids := slices.Compact(slices.Sorted(slices.Values(*n.ids)))
		found, err := tx.NotificationChannel.Query().Where(entchan.IDIn(ids...)).Count(viewer.Privileged(ctx))
		if err != nil {
			return "", fmt.Errorf("load notification channels: %w", err)
		}
		if found != len(ids) {
			return "", fieldError(n.field, "a notification channel does not exist (any more): reload and choose again")
		}
		n.clear()
		n.set(ids...)
	}
	if in.NameTemplate != nil {
		tmpl := strings.TrimSpace(*in.NameTemplate)
		if tmpl != "" {
			if err := backup.CheckNameTemplate(tmpl); err != nil {
				return "", fieldError("nameTemplate", "%v", err)
			}
		}
		m.SetNameTemplate(tmpl)
	}
	if in.Targets != nil {
		if err := checkTargets(ctx, tx, *in.Targets); err != nil {
			return "", err
		}
	}
	return name, nil
}

func checkTargets(ctx context.Context, tx *ent.Tx, ts []Target) error {
	if len(ts) == 0 || len(ts) > maxTargets {
		return fieldError("targets", "choose 1 to %d destinations", maxTargets)
	}
	seen := map[pulid.ID]bool{}
	for _, t := range ts {
		if seen[t.DestinationID] {
			return fieldError("targets", "each destination may appear once")
		}
		seen[t.DestinationID] = true
		if _, err := tx.Destination.Get(viewer.Privileged(ctx), t.DestinationID); err != nil {
			return refError(err, "targets", "destination")
		}
		r := t.Retention
		for _, n := range []*int{r.KeepLast, r.KeepDays, r.KeepDaily, r.KeepWeekly, r.KeepMonthly, r.KeepYearly} {
			if n != nil && *n < 1 {
				return fieldError("targets", "retention counts must be 1 or more; leave a rule empty to keep everything it covers")
			}
		}
	}
	return nil
}

func writeTargets(ctx context.Context, tx *ent.Tx, jobID pulid.ID, ts []Target) error {
	for i, t := range ts {
		err := tx.JobTarget.Create().SetJobID(jobID).SetDestinationID(t.DestinationID).SetPosition(i).
			SetNillableKeepLast(t.Retention.KeepLast).SetNillableKeepDaily(t.Retention.KeepDaily).
			SetNillableKeepWeekly(t.Retention.KeepWeekly).SetNillableKeepMonthly(t.Retention.KeepMonthly).
			SetNillableKeepYearly(t.Retention.KeepYearly).SetNillableKeepDays(t.Retention.KeepDays).Exec(ctx)
		if err != nil {
			return fmt.Errorf("save destination %d of the job: %w", i+1, err)
		}
	}
	return nil
}

// refError describes a reference to something that does not exist.
func refError(err error, field, what string) error {
	if ent.IsNotFound(err) {
		return fieldError(field, "the %s does not exist (any more): reload and choose again", what)
	}
	return err
}

func jobFields(in JobInput) []string {
	var out []string
	add := func(set bool, name string) {
		if set {
			out = append(out, name)
		}
	}
	add(in.Name != nil, "name")
	add(in.SourceID != nil, "source")
	add(in.Databases != nil, "databases")
	add(in.Targets != nil, "targets")
	add(in.Compression != nil, "compression")
	add(in.EncryptionProfileID != nil || in.ClearEncryptionProfile, "encryption_profile")
	add(in.Schedule != nil, "schedule")
	add(in.Timezone != nil, "timezone")
	add(in.Enabled != nil, "enabled")
	add(in.NameTemplate != nil, "name_template")
	return out
}

// maxPreview caps SchedulePreview.
const maxPreview = 20

// SchedulePreview returns the next count instants (1 to 20) after now that expr fires in tz.
func (s *Service) SchedulePreview(expr, tz string, count int) ([]time.Time, error) {
	if count < 1 || count > maxPreview {
		return nil, fieldError("count", "ask for 1 to %d instants", maxPreview)
	}
	if strings.TrimSpace(tz) == "" {
		tz = "UTC"
	}
	sched, err := schedule.Parse(expr, tz)
	if err != nil {
		var se *schedule.Error
		if errors.As(err, &se) {
			return nil, &FieldError{Field: se.Field, Msg: se.Msg}
		}
		return nil, err
	}
	out := make([]time.Time, 0, count)
	at := s.now()
	for range count {
		at = sched.Next(at)
		out = append(out, at)
	}
	return out, nil
}
