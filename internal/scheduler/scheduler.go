// Package scheduler fires job schedules. Every node runs the same loop; a job's next_run_at is
// advanced with a compare-and-swap (UPDATE … WHERE next_run_at = the instant seen), so exactly
// one node claims each instant, and the runs table's unique (job, scheduled_for) index refuses a
// second run for the same instant whatever happens. No leader election, no cluster protocol:
// the shared database is the arbiter, on SQLite and on PostgreSQL alike.
//
// After downtime the instant found is in the past. It is then "missed": with the job's catch-up
// policy run_once it runs once now (however many instants were missed), with skip it does not
// run; either way next_run_at moves to the first instant after now.
package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/dbackup/dbackup/ent"
	entjob "github.com/dbackup/dbackup/ent/job"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/schedule"
	"github.com/dbackup/dbackup/internal/viewer"
)

// Defaults of Config.
const (
	DefaultInterval    = 15 * time.Second
	DefaultMissedGrace = 2 * time.Minute
)

// ErrAlreadyScheduled is what a Runner returns for an instant that already has its run.
var ErrAlreadyScheduled = errors.New("already scheduled")

// Runner queues the run of a job for a scheduled instant.
type Runner interface {
	RunScheduled(ctx context.Context, jobID pulid.ID, at time.Time) error
}

// Missed is a scheduled instant that passed while no node was running it.
type Missed struct {
	JobID   pulid.ID
	JobName string
	At      time.Time
	// Ran says whether the catch-up policy ran it late (run_once) or skipped it.
	Ran bool
}

// Config configures a Scheduler.
type Config struct {
	// Interval is how often the loop looks for due jobs; DefaultInterval when 0. A run starts
	// at most this late.
	Interval time.Duration
	// MissedGrace is how late an instant may be found before it counts as missed;
	// DefaultMissedGrace when 0. It must exceed Interval.
	MissedGrace time.Duration
	// Now is the clock; time.Now when nil.
	Now    func() time.Time
	Logger *slog.Logger
	// OnMissed is told about every missed instant (for notifications); may be nil.
	OnMissed func(context.Context, Missed)
}

// Scheduler fires the schedules of enabled jobs.
type Scheduler struct {
	client *ent.Client
	runner Runner
	cfg    Config
}

// New returns a scheduler over the jobs in client that queues runs through runner.
func New(client *ent.Client, runner Runner, cfg Config) *Scheduler {
	if cfg.Interval <= 0 {
		cfg.Interval = DefaultInterval
	}
	if cfg.MissedGrace <= 0 {
		cfg.MissedGrace = DefaultMissedGrace
	}
	if cfg.MissedGrace <= cfg.Interval {
		cfg.MissedGrace = 2 * cfg.Interval
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Scheduler{client: client, runner: runner, cfg: cfg}
}

// Run ticks every Interval until ctx ends.
func (s *Scheduler) Run(ctx context.Context) {
	t := time.NewTicker(s.cfg.Interval)
	defer t.Stop()
	for {
		if _, err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.cfg.Logger.Warn("scheduler tick", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Tick queues the runs that are due now and returns how many this node queued.
func (s *Scheduler) Tick(ctx context.Context) (int, error) {
	ctx = viewer.SystemContext(ctx)
	now := s.cfg.Now().UTC()
	if err := s.initialize(ctx, now); err != nil {
		return 0, err
	}
	due, err := s.client.Job.Query().
		Where(entjob.Enabled(true), entjob.ScheduleNEQ(""), entjob.NextRunAtLTE(now)).All(ctx)
	if err != nil {
		return 0, fmt.Errorf("due jobs: %w", err)
	}
	fired := 0
	var errs []error
	for _, j := range due {
		ok, err := s.fire(ctx, j, now)
		if err != nil {
			errs = append(errs, fmt.Errorf("job %q: %w", j.Name, err))
		}
		if ok {
			fired++
		}
	}
	return fired, errors.Join(errs...)
}

// fire claims j's due instant and queues its run; false when another node claimed it or the
// catch-up policy skips it.
func (s *Scheduler) fire(ctx context.Context, j *ent.Job, now time.Time) (bool, error) {
	at := *j.NextRunAt
	sched, err := schedule.Parse(j.Schedule, j.Timezone)
	if err != nil {
		// Validated when saved; a zone database that lost the zone stops the schedule, loudly.
		_, _ = s.client.Job.UpdateOneID(j.ID).ClearNextRunAt().Save(ctx)
		return false, fmt.Errorf("schedule stopped: %w", err)
	}
	claimed, err := s.client.Job.Update().
		Where(entjob.ID(j.ID), entjob.NextRunAt(at), entjob.Enabled(true)).
		SetNextRunAt(sched.Next(now)).Save(ctx)
	if err != nil {
		return false, fmt.Errorf("claim %s: %w", at.Format(time.RFC3339), err)
	}
	if claimed == 0 {
		return false, nil
	}
	if late := now.Sub(at); late > s.cfg.MissedGrace {
		ran := j.CatchUp == entjob.CatchUpRunOnce
		s.cfg.Logger.Warn("scheduled run missed", "job", j.Name, "at", at, "late", late.Round(time.Second), "catch_up", j.CatchUp)
		if s.cfg.OnMissed != nil {
			s.cfg.OnMissed(ctx, Missed{JobID: j.ID, JobName: j.Name, At: at, Ran: ran})
		}
		if !ran {
			return false, nil
		}
	}
	switch err := s.runner.RunScheduled(ctx, j.ID, at); {
	case errors.Is(err, ErrAlreadyScheduled):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("queue the run for %s: %w", at.Format(time.RFC3339), err)
	}
	return true, nil
}

// initialize gives enabled scheduled jobs without next_run_at (saved by an older version, or
// whose zone came back) their next instant after now.
func (s *Scheduler) initialize(ctx context.Context, now time.Time) error {
	jobs, err := s.client.Job.Query().
		Where(entjob.Enabled(true), entjob.ScheduleNEQ(""), entjob.NextRunAtIsNil()).All(ctx)
	if err != nil {
		return fmt.Errorf("unscheduled jobs: %w", err)
	}
	for _, j := range jobs {
		sched, err := schedule.Parse(j.Schedule, j.Timezone)
		if err != nil {
			continue
		}
		if _, err := s.client.Job.Update().Where(entjob.ID(j.ID), entjob.NextRunAtIsNil()).
			SetNextRunAt(sched.Next(now)).Save(ctx); err != nil {
			return fmt.Errorf("schedule job %q: %w", j.Name, err)
		}
	}
	return nil
}
