package execution

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/dbackup/dbackup/ent"
	entexec "github.com/dbackup/dbackup/ent/execution"
	"github.com/dbackup/dbackup/internal/catalog"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/runinfo"
	"github.com/dbackup/dbackup/internal/viewer"
)

// Kind is the kind of work an Execution does.
type Kind string

// The kinds of work.
const (
	KindBackup  Kind = "backup"
	KindRestore Kind = "restore"
)

// Trigger says who started a run.
type Trigger = entexec.Trigger

// The triggers.
const (
	TriggerManual   = entexec.TriggerManual
	TriggerSchedule = entexec.TriggerSchedule
)

// Errors of the service; the GraphQL presenter maps them to codes.
var (
	// ErrNotFound is an unknown job, backup, source or execution.
	ErrNotFound = errors.New("not found")
	// ErrFinished refuses cancelling a run that already ended.
	ErrFinished = errors.New("the run has already finished")
	// ErrCancelled is the cause of a run stopped by cancelExecution.
	ErrCancelled = errors.New("cancelled on request")
)

// Error codes recorded on failed runs, beside the catalog's ENCRYPTION_KEY_MISMATCH and
// SECRET_UNDECRYPTABLE.
const (
	CodeInterrupted   = "INTERRUPTED"
	CodeUnknownKey    = "UNKNOWN_KEY"
	CodeIntegrity     = "INTEGRITY"
	CodeNotSupported  = "NOT_SUPPORTED"
	CodeDestinations  = "DESTINATIONS_FAILED"
	CodeSource        = "SOURCE_FAILED"
	CodeInvalidBackup = "INVALID_BACKUP"
)

// Queue hands work to the durable job queue. It is implemented by internal/queue.
type Queue interface {
	// Enqueue queues the Execution id of the given kind and returns the queue's job id.
	Enqueue(ctx context.Context, kind Kind, id pulid.ID) (int64, error)
	// Cancel removes a queued job, or asks a running one to stop.
	Cancel(ctx context.Context, queueJobID int64) error
	// EnqueueRetention queues applying a job's retention on one destination.
	EnqueueRetention(ctx context.Context, jobID, destinationID pulid.ID) error
}

// Config configures the service.
type Config struct {
	// Node names this process in Executions, so that its own runs can be recovered after a
	// crash; the host name when empty.
	Node string
	// StaleAfter is how long a RUNNING execution may go without a heartbeat before any node
	// fails it as interrupted.
	StaleAfter time.Duration
	Logger     *slog.Logger
	// PerSource is how many runs (backups and restores) may use one source at once; 0 means no
	// limit. Runs over it wait in the queue.
	PerSource int
	// OnFinish is told about every run this node finished, with its final row (for
	// notifications); may be nil. It must not block for long.
	OnFinish func(context.Context, *ent.Execution)
}

// DefaultStaleAfter is well above the heartbeat interval, so that a busy database or a long
// garbage collection never fails a live run.
const DefaultStaleAfter = 2 * time.Minute

// Service runs and records executions.
type Service struct {
	client  *ent.Client
	catalog *catalog.Service
	queue   Queue
	cfg     Config
	now     func() time.Time
	log     *slog.Logger

	mu      sync.Mutex
	running map[pulid.ID]context.CancelCauseFunc
}

// New returns the service. SetQueue must be called before RunJob.
func New(client *ent.Client, cat *catalog.Service, cfg Config) *Service {
	if cfg.Node == "" {
		cfg.Node, _ = os.Hostname()
	}
	if cfg.StaleAfter <= 0 {
		cfg.StaleAfter = DefaultStaleAfter
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Service{client: client, catalog: cat, cfg: cfg, now: time.Now, log: cfg.Logger,
		running: map[pulid.ID]context.CancelCauseFunc{}}
}

// SetQueue connects the queue; the queue and the service need each other, so one is set late.
func (s *Service) SetQueue(q Queue) { s.queue = q }

// Handle does the work of a queued Execution; the queue's workers call it. It returns nil for
// an execution that is no longer QUEUED (cancelled meanwhile, or claimed already), so that the
// queue does not retry it. Failures are recorded on the Execution, not returned.
func (s *Service) Handle(ctx context.Context, kind Kind, id pulid.ID) error {
	switch kind {
	case KindBackup:
		return s.work(ctx, id, s.runBackup)
	case KindRestore:
		return s.work(ctx, id, s.runRestore)
	}
	return fmt.Errorf("execution %s: unknown kind %q", id, kind)
}

// work claims the queued execution id and, when it was still queued, runs fn with a context that
// cancelExecution can stop and the run's recorder; fn records the end itself.
func (s *Service) work(ctx context.Context, id pulid.ID, fn func(context.Context, *ent.Execution, *recorder) error) error {
	ctx = viewer.SystemContext(ctx)
	exe, ok, err := s.claim(ctx, id)
	if err != nil || !ok {
		return err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	defer s.track(id, cancel)()
	rec := s.startRecorder(exe, cancel)
	rec.logf(runinfo.Info, "started on node %s", s.cfg.Node)
	err = fn(ctx, exe, rec)
	if s.cfg.OnFinish != nil {
		sys := viewer.SystemContext(context.WithoutCancel(ctx))
		if final, ferr := s.client.Execution.Get(sys, id); ferr == nil && final.FinishedAt != nil {
			s.cfg.OnFinish(sys, final)
		}
	}
	return err
}

// outcome turns how a run ended into its status, message and code, and logs failures: a cancel
// on request is CANCELLED, a context ended otherwise means the server shut down.
func outcome(ctx context.Context, err error, rec *recorder) (entexec.Status, string, string) {
	switch {
	case errors.Is(context.Cause(ctx), ErrCancelled):
		rec.logf(runinfo.Warn, "cancelled on request")
		return entexec.StatusCANCELLED, "cancelled on request", ""
	case ctx.Err() != nil:
		msg := "interrupted: the server shut down during the run"
		rec.logf(runinfo.Error, "%s", msg)
		return entexec.StatusFAILED, msg, CodeInterrupted
	case err != nil:
		rec.logf(runinfo.Error, "%s", err)
		return entexec.StatusFAILED, err.Error(), codeOf(err)
	}
	return entexec.StatusSUCCESS, "", ""
}

// track registers a running execution's cancel function for Cancel on this node.
func (s *Service) track(id pulid.ID, cancel context.CancelCauseFunc) func() {
	s.mu.Lock()
	s.running[id] = cancel
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		delete(s.running, id)
		s.mu.Unlock()
	}
}

func notFound(what string, id pulid.ID) error { return fmt.Errorf("%s %s: %w", what, id, ErrNotFound) }
