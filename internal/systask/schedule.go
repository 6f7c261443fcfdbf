package systask

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dbackup/dbackup/internal/schedule"
	"github.com/dbackup/dbackup/internal/viewer"
)

// Tick claims every due instant of an enabled task and queues its run; it returns how many this
// node queued. The claim is a compare-and-swap of the task's row that moves nextRunAt to the
// first instant after now, so on several nodes exactly one claims each instant. Instants missed
// while no node ran are run once, late, as a job's catch-up "run once" does: a backup of the
// backup system is better late than skipped.
func (s *Service) Tick(ctx context.Context) (int, error) {
	ctx = viewer.SystemContext(ctx)
	now := s.cfg.Now().UTC()
	fired := 0
	var errs []error
	for _, k := range Kinds {
		at, err := s.claim(ctx, k, now)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if at.IsZero() {
			continue
		}
		if s.queue == nil {
			errs = append(errs, fmt.Errorf("%s: no queue to run it on", k))
			continue
		}
		if err := s.queue.EnqueueSystemTask(ctx, string(k), at); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", k, err))
			continue
		}
		fired++
	}
	return fired, errors.Join(errs...)
}

// claim moves a due task's nextRunAt past now and returns the instant it claimed; zero when the
// task is not due or another node claimed it first. An enabled task without nextRunAt (its
// schedule was saved while disabled elsewhere) is given one.
func (s *Service) claim(ctx context.Context, k Kind, now time.Time) (time.Time, error) {
	var claimed time.Time
	_, err := change(ctx, s.client, k, func(st *Settings) error {
		claimed = time.Time{}
		if !st.Enabled {
			return errUnchanged
		}
		sched, err := schedule.Parse(st.Schedule, st.Timezone)
		if err != nil {
			return fmt.Errorf("%s: schedule stopped: %w", k, err)
		}
		switch {
		case st.NextRunAt == nil:
			next := sched.Next(now)
			st.NextRunAt = &next
			return nil
		case st.NextRunAt.After(now):
			return errUnchanged
		}
		claimed = *st.NextRunAt
		next := sched.Next(now)
		st.NextRunAt = &next
		return nil
	})
	if err != nil {
		return time.Time{}, err
	}
	return claimed, nil
}

// Handle runs a claimed scheduled instant; the queue's worker calls it. A failed run is recorded
// as the task's last run and is not an error of the job: retrying a backup of the control plane
// later would only duplicate the next instant's.
func (s *Service) Handle(ctx context.Context, task string, at time.Time) error {
	k := Kind(task)
	if !k.Valid() {
		return fmt.Errorf("%w %q", ErrUnknownTask, task)
	}
	r, err := s.run(viewer.SystemContext(ctx), k, true)
	if err != nil {
		return fmt.Errorf("%s for %s: %w", k, at.Format(time.RFC3339), err)
	}
	if r.Status == Failed {
		s.cfg.Log.Warn("scheduled system task failed", "task", k, "at", at, "err", r.Error)
	}
	return nil
}

// Loop ticks every interval until ctx ends.
func (s *Service) Loop(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.cfg.Log.Warn("system task tick", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
