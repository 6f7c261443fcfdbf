package execution

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/dbackup/dbackup/ent"
	entexec "github.com/dbackup/dbackup/ent/execution"
	entsource "github.com/dbackup/dbackup/ent/source"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/runinfo"
	"github.com/dbackup/dbackup/internal/viewer"
)

// heartbeatInterval is how often a running execution writes its progress and reads whether it
// was asked to stop: often enough for a live progress bar and a prompt cancel, rare enough to
// cost nothing next to the copy.
const heartbeatInterval = time.Second

func line(t time.Time, level runinfo.Level, msg string) runinfo.Line {
	return runinfo.Line{Time: t.UTC(), Level: level, Message: msg}
}

// recorder keeps a running execution's state in memory and writes it to its row every
// heartbeat, so progress reaches the UI and other nodes without a write per chunk.
type recorder struct {
	s      *Service
	id     pulid.ID
	cancel context.CancelCauseFunc

	mu        sync.Mutex
	phase     string
	dumpBytes int64
	size      int64
	targets   []runinfo.Target
	log       []runinfo.Line
	// secretErr is the first secret that did not open, to name it if the whole run fails.
	secretErr error

	stop chan struct{}
	done chan struct{}
}

// startRecorder begins heartbeats for exe, which the caller has claimed; cancel stops the run
// when someone asks for it through another node.
func (s *Service) startRecorder(exe *ent.Execution, cancel context.CancelCauseFunc) *recorder {
	r := &recorder{s: s, id: exe.ID, cancel: cancel, phase: exe.Phase, targets: slices.Clone(exe.Targets),
		log: slices.Clone(exe.Log), stop: make(chan struct{}), done: make(chan struct{})}
	go r.loop()
	return r
}

func (r *recorder) loop() {
	defer close(r.done)
	t := time.NewTicker(heartbeatInterval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if cancel, _ := r.flush(); cancel {
				r.cancel(ErrCancelled)
			}
		case <-r.stop:
			return
		}
	}
}

// logf adds a log line.
func (r *recorder) logf(level runinfo.Level, format string, a ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.log = append(r.log, line(r.s.now(), level, fmt.Sprintf(format, a...)))
	if n := len(r.log); n > runinfo.MaxLines {
		r.log = slices.Delete(r.log, 0, n-runinfo.MaxLines)
	}
}

func (r *recorder) setPhase(p string) {
	r.mu.Lock()
	r.phase = p
	r.mu.Unlock()
}

// update changes the in-memory state under the lock.
func (r *recorder) update(fn func(r *recorder)) {
	r.mu.Lock()
	fn(r)
	r.mu.Unlock()
}

// flush writes the state and the heartbeat, and reports whether cancellation was requested.
func (r *recorder) flush() (bool, error) {
	r.mu.Lock()
	u := r.s.client.Execution.UpdateOneID(r.id).SetPhase(r.phase).SetDumpBytes(r.dumpBytes).
		SetSize(r.size).SetTargets(slices.Clone(r.targets)).SetLog(slices.Clone(r.log)).SetHeartbeatAt(r.s.now())
	r.mu.Unlock()
	ctx := viewer.SystemContext(context.Background())
	exe, err := u.Save(ctx)
	if err != nil {
		r.s.log.Warn("execution heartbeat", "execution", r.id, "err", err)
		return false, err
	}
	return exe.CancelRequested, nil
}

// finish stops the heartbeats and writes the final state with status, error and code.
func (r *recorder) finish(status entexec.Status, errMsg, code string, set func(*ent.ExecutionUpdateOne)) error {
	close(r.stop)
	<-r.done
	r.mu.Lock()
	r.phase = "done"
	now := r.s.now()
	u := r.s.client.Execution.UpdateOneID(r.id).SetStatus(status).SetPhase(r.phase).SetDumpBytes(r.dumpBytes).
		SetSize(r.size).SetTargets(slices.Clone(r.targets)).SetLog(slices.Clone(r.log)).
		SetHeartbeatAt(now).SetFinishedAt(now)
	r.mu.Unlock()
	if errMsg != "" {
		u.SetError(errMsg)
	}
	if code != "" {
		u.SetErrorCode(code)
	}
	if set != nil {
		set(u)
	}
	// The run's own context may be cancelled; the record must still be written.
	if err := u.Exec(viewer.SystemContext(context.Background())); err != nil {
		return fmt.Errorf("record end of execution %s: %w", r.id, err)
	}
	return nil
}

// claim moves a QUEUED execution to RUNNING on this node; false when it is no longer QUEUED.
func (s *Service) claim(ctx context.Context, id pulid.ID) (*ent.Execution, bool, error) {
	if err := s.checkSourceBusy(ctx, id); err != nil {
		return nil, false, err
	}
	now := s.now()
	n, err := s.client.Execution.Update().Where(entexec.ID(id), entexec.StatusEQ(entexec.StatusQUEUED)).
		SetStatus(entexec.StatusRUNNING).SetPhase("starting").SetStartedAt(now).SetHeartbeatAt(now).
		SetNode(s.cfg.Node).Save(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("claim execution %s: %w", id, err)
	}
	if n == 0 {
		return nil, false, nil
	}
	exe, err := s.client.Execution.Get(ctx, id)
	if err != nil {
		return nil, false, fmt.Errorf("load execution %s: %w", id, err)
	}
	return exe, true, nil
}

// firstCode remembers the first failure that carries a secret's code.
func (r *recorder) firstCode(_ string, err error) {
	r.mu.Lock()
	if r.secretErr == nil {
		r.secretErr = err
	}
	r.mu.Unlock()
}

// newTicker ticks at the heartbeat interval; progress is sampled no more often than it is
// written.
func newTicker() *time.Ticker { return time.NewTicker(heartbeatInterval / 2) }

// targetCount is the number of destinations of the run.
func (r *recorder) targetCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.targets)
}

// snapshotTargets is a copy of the destinations' states.
func (r *recorder) snapshotTargets() []runinfo.Target {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.targets)
}

// ErrBusy is a queued run whose source already has PerSource runs going: the queue tries it
// again shortly, without using up an attempt.
var ErrBusy = errors.New("the source is busy with other runs")

// checkSourceBusy refuses to start run id while its source has PerSource runs RUNNING. Across
// nodes this is a best effort (two nodes checking at the same instant may both start); on one
// node it is exact, since the queue hands out one job at a time per fetch.
func (s *Service) checkSourceBusy(ctx context.Context, id pulid.ID) error {
	if s.cfg.PerSource <= 0 {
		return nil
	}
	srcID, err := s.client.Execution.Query().Where(entexec.ID(id), entexec.StatusEQ(entexec.StatusQUEUED)).QuerySource().OnlyID(ctx)
	if ent.IsNotFound(err) {
		return nil // already claimed, finished or without a source: claim decides
	}
	if err != nil {
		return fmt.Errorf("source of execution %s: %w", id, err)
	}
	n, err := s.client.Execution.Query().Where(entexec.StatusEQ(entexec.StatusRUNNING), entexec.HasSourceWith(entsource.ID(srcID))).Count(ctx)
	if err != nil {
		return fmt.Errorf("runs of source %s: %w", srcID, err)
	}
	if n >= s.cfg.PerSource {
		return ErrBusy
	}
	return nil
}
