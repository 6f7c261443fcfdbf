package execution

import (
	"context"
	"fmt"
	"time"

	"github.com/dbackup/dbackup/ent"
	entexec "github.com/dbackup/dbackup/ent/execution"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/runinfo"
	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/viewer"
)

// partialCleanupTimeout bounds removing one interrupted run's leftovers on one destination.
const partialCleanupTimeout = time.Minute

// RecoverInterrupted fails the runs that can no longer finish: RUNNING on this node when it
// starts (the process that ran them is gone), or RUNNING anywhere without a heartbeat for
// StaleAfter (their node died). Each gets FAILED with the reason, and its partial objects are
// removed from its destinations. Queued runs that never reached the queue are queued again.
// It returns the number of runs failed.
func (s *Service) RecoverInterrupted(ctx context.Context, startup bool) (int, error) {
	ctx = viewer.SystemContext(ctx)
	cond := entexec.HeartbeatAtLT(s.now().Add(-s.cfg.StaleAfter))
	if startup {
		cond = entexec.Or(entexec.Node(s.cfg.Node), cond, entexec.HeartbeatAtIsNil())
	}
	stale, err := s.client.Execution.Query().Where(entexec.StatusEQ(entexec.StatusRUNNING), cond).All(ctx)
	if err != nil {
		return 0, fmt.Errorf("find interrupted executions: %w", err)
	}
	failed := 0
	for _, exe := range stale {
		s.mu.Lock()
		_, mine := s.running[exe.ID]
		s.mu.Unlock()
		if mine {
			continue
		}
		reason := fmt.Sprintf("interrupted: node %s stopped while the run was in progress", orUnknown(exe.Node))
		if !startup {
			reason = fmt.Sprintf("interrupted: node %s sent no heartbeat for %s", orUnknown(exe.Node), s.cfg.StaleAfter)
		}
		log := append(exe.Log, line(s.now(), runinfo.Error, reason))
		targets := exe.Targets
		for i := range targets {
			if targets[i].Status == runinfo.TargetRunning || targets[i].Status == runinfo.TargetPending {
				targets[i].Status, targets[i].Error = runinfo.TargetFailed, "interrupted"
			}
		}
		n, err := s.client.Execution.Update().Where(entexec.ID(exe.ID), entexec.StatusEQ(entexec.StatusRUNNING)).
			SetStatus(entexec.StatusFAILED).SetPhase("done").SetFinishedAt(s.now()).SetError(reason).
			SetErrorCode(CodeInterrupted).SetLog(log).SetTargets(targets).Save(ctx)
		if err != nil {
			return failed, fmt.Errorf("fail interrupted execution %s: %w", exe.ID, err)
		}
		if n == 0 {
			continue
		}
		failed++
		s.log.Warn("failed interrupted execution", "execution", exe.ID, "node", exe.Node)
		if exe.Kind == entexec.KindBackup {
			s.removePartials(ctx, exe)
		}
	}
	if startup {
		if err := s.requeueLost(ctx); err != nil {
			return failed, err
		}
	}
	return failed, nil
}

// removePartials removes what an interrupted backup left on its destinations: temporary files
// and incomplete uploads. Complete objects are the storages' business: a backup whose sidecar
// was written is kept, one without it is removed, since it was never announced.
func (s *Service) removePartials(ctx context.Context, exe *ent.Execution) {
	for _, t := range exe.Targets {
		if t.ObjectKey == "" {
			continue
		}
		func() {
			ctx, cancel := context.WithTimeout(ctx, partialCleanupTimeout)
			defer cancel()
			_, st, err := s.catalog.OpenDestination(ctx, pulid.ID(t.DestinationID))
			if err != nil {
				s.log.Warn("clean interrupted run: open destination", "execution", exe.ID, "destination", t.Name, "err", err)
				return
			}
			defer st.Close()
			if pr, ok := st.(storage.PartialRemover); ok {
				if err := pr.RemovePartial(ctx, t.ObjectKey); err != nil {
					s.log.Warn("clean interrupted run", "execution", exe.ID, "destination", t.Name, "err", err)
				}
			}
			if t.Status != runinfo.TargetDone {
				// The object may be complete without its sidecar: it was never announced.
				if _, err := st.Stat(ctx, sidecarName(t.ObjectKey)); isNotFound(err) {
					_ = st.Delete(ctx, t.ObjectKey)
				}
			}
		}()
	}
}

// requeueLost queues again the QUEUED executions whose enqueue never happened (the process
// stopped between recording and queueing them).
func (s *Service) requeueLost(ctx context.Context) error {
	if s.queue == nil {
		return nil
	}
	lost, err := s.client.Execution.Query().Where(entexec.StatusEQ(entexec.StatusQUEUED), entexec.QueueJobIDIsNil()).All(ctx)
	if err != nil {
		return fmt.Errorf("find unqueued executions: %w", err)
	}
	for _, exe := range lost {
		if _, err := s.enqueue(ctx, exe, Kind(exe.Kind)); err != nil {
			s.log.Warn("requeue execution", "execution", exe.ID, "err", err)
		}
	}
	return nil
}

// RecoverLoop runs RecoverInterrupted for other nodes' runs every interval until ctx ends.
func (s *Service) RecoverLoop(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := s.RecoverInterrupted(ctx, false); err != nil {
				s.log.Warn("recover interrupted executions", "err", err)
			}
		}
	}
}
