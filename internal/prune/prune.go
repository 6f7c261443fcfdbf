// Package prune applies retention: after a successful backup, each destination of the job keeps
// what its policy (internal/retention) keeps and deletes the rest through the inventory, sidecar
// first. Only backups recorded from sidecars are considered, so objects without a sidecar are
// never deleted; locked backups and the newest successful one never are either.
package prune

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/dbackup/dbackup/ent"
	entbackup "github.com/dbackup/dbackup/ent/backup"
	entdest "github.com/dbackup/dbackup/ent/destination"
	entjob "github.com/dbackup/dbackup/ent/job"
	"github.com/dbackup/dbackup/ent/jobtarget"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/authz"
	"github.com/dbackup/dbackup/internal/inventory"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/retention"
	"github.com/dbackup/dbackup/internal/viewer"
)

// ErrNotTarget is a destination that is not one of the job's.
var ErrNotTarget = errors.New("the destination is not one of the job's destinations")

// Service previews and applies retention.
type Service struct {
	client *ent.Client
	inv    *inventory.Service
	now    func() time.Time
	log    *slog.Logger
}

// New returns the service.
func New(client *ent.Client, inv *inventory.Service, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{client: client, inv: inv, now: time.Now, log: log}
}

// SetClock replaces the clock, for tests.
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// Decision is one backup and what retention does with it.
type Decision struct {
	Backup  *ent.Backup
	Keep    bool
	Reasons []string
}

// Plan is what retention keeps and deletes of one job on one destination, newest first.
type Plan struct {
	Policy    retention.Policy
	Decisions []Decision
}

// Preview computes the plan without deleting anything. Needs storage:read.
func (s *Service) Preview(ctx context.Context, jobID, destID pulid.ID) (Plan, error) {
	if err := authz.Require(ctx, perm.StorageRead); err != nil {
		return Plan{}, err
	}
	return s.plan(viewer.Privileged(ctx), jobID, destID)
}

// Apply deletes what the plan deletes, as the system, and returns how many backups went. A
// backup that cannot be deleted is skipped and reported in the joined error; the others go on.
func (s *Service) Apply(ctx context.Context, jobID, destID pulid.ID) (int, error) {
	ctx = viewer.SystemContext(ctx)
	p, err := s.plan(ctx, jobID, destID)
	if err != nil {
		return 0, err
	}
	deleted := 0
	var errs []error
	for _, d := range p.Decisions {
		if d.Keep {
			continue
		}
		if err := s.inv.Delete(ctx, d.Backup.ID); err != nil && !errors.Is(err, inventory.ErrNotFound) {
			errs = append(errs, fmt.Errorf("delete %s: %w", d.Backup.ObjectKey, err))
			continue
		}
		deleted++
		s.log.Info("retention deleted a backup", "object", d.Backup.ObjectKey, "reason", d.Reasons)
	}
	return deleted, errors.Join(errs...)
}

func (s *Service) plan(ctx context.Context, jobID, destID pulid.ID) (Plan, error) {
	job, err := s.client.Job.Get(ctx, jobID)
	switch {
	case ent.IsNotFound(err):
		return Plan{}, fmt.Errorf("job %s: %w", jobID, inventory.ErrNotFound)
	case err != nil:
		return Plan{}, fmt.Errorf("load job %s: %w", jobID, err)
	}
	t, err := s.client.JobTarget.Query().
		Where(jobtarget.HasJobWith(entjob.ID(jobID)), jobtarget.HasDestinationWith(entdest.ID(destID))).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return Plan{}, ErrNotTarget
	case err != nil:
		return Plan{}, fmt.Errorf("load the job's destination: %w", err)
	}
	policy := PolicyOf(t)
	loc, err := time.LoadLocation(job.Timezone)
	if err != nil {
		loc = time.UTC
	}
	backups, err := s.client.Backup.Query().
		Where(entbackup.HasJobWith(entjob.ID(jobID)), entbackup.HasDestinationWith(entdest.ID(destID))).All(ctx)
	if err != nil {
		return Plan{}, fmt.Errorf("list the job's backups: %w", err)
	}
	byID := make(map[string]*ent.Backup, len(backups))
	items := make([]retention.Item, 0, len(backups))
	for _, b := range backups {
		byID[string(b.ID)] = b
		items = append(items, retention.Item{ID: string(b.ID), Time: b.CreatedAt, Locked: b.Locked,
			Successful: b.VerifyOk == nil || *b.VerifyOk})
	}
	ds := retention.Plan(items, policy, loc, s.now())
	out := Plan{Policy: policy, Decisions: make([]Decision, 0, len(ds))}
	for _, d := range ds {
		out.Decisions = append(out.Decisions, Decision{Backup: byID[d.Item.ID], Keep: d.Keep, Reasons: d.Reasons})
	}
	return out, nil
}

// PolicyOf is a job destination's retention policy.
func PolicyOf(t *ent.JobTarget) retention.Policy {
	n := func(p *int) int {
		if p == nil {
			return 0
		}
		return *p
	}
	return retention.Policy{KeepLast: n(t.KeepLast), KeepDays: n(t.KeepDays), Daily: n(t.KeepDaily),
		Weekly: n(t.KeepWeekly), Monthly: n(t.KeepMonthly), Yearly: n(t.KeepYearly)}
}
