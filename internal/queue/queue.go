package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"database/sql"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/dbackup/dbackup/internal/database"
	"github.com/dbackup/dbackup/internal/execution"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/system"
)

const (
	// pollInterval is how often an idle worker looks for new work. Neither driver used here
	// listens for notifications, so this is how long a "Run now" waits at most to start.
	pollInterval = 500 * time.Millisecond
	// rescueAfter is when River considers a running job lost. Executions have their own
	// heartbeat and recovery; this only tidies River's row, so it is long.
	rescueAfter = 24 * time.Hour
	// DefaultWorkers is how many backups and restores run at once on one node.
	DefaultWorkers = 2
)

// Handler does the work of a queued execution.
type Handler func(ctx context.Context, kind execution.Kind, id pulid.ID) error

// Args is a queued execution: its kind and id. Retrying a half-done backup or restore is not
// safe by default, so each is attempted once; its Execution records the outcome.
type Args struct {
	Work        execution.Kind `json:"kind"`
	ExecutionID pulid.ID       `json:"executionId"`
}

// Kind implements river.JobArgs.
func (Args) Kind() string { return "execution" }

// QueueMaintenance is the River queue of short work — retention and notifications — so that
// long backups on the default queue never hold it up.
const QueueMaintenance = "maintenance"

// maintenanceWorkers is how many maintenance jobs one node works at once.
const maintenanceWorkers = 4

// RetentionArgs applies one job's retention on one destination after a successful backup.
// Deleting what a policy no longer keeps is safe to repeat, so it is retried with River's
// backoff; one waiting or running job per job and destination is enough.
type RetentionArgs struct {
	JobID         pulid.ID `json:"jobId" river:"unique"`
	DestinationID pulid.ID `json:"destinationId" river:"unique"`
}

// Kind implements river.JobArgs.
func (RetentionArgs) Kind() string { return "retention" }

// InsertOpts implements river.JobArgsWithInsertOpts.
func (RetentionArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: retentionAttempts, Queue: QueueMaintenance, UniqueOpts: river.UniqueOpts{
		ByArgs: true,
		ByState: []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
			rivertype.JobStateRetryable, rivertype.JobStateScheduled},
	}}
}

// retentionAttempts is how often retention is tried before it is given up until the next backup.
const retentionAttempts = 5

// RetentionHandler applies retention of a job on a destination.
type RetentionHandler func(ctx context.Context, jobID, destinationID pulid.ID) error

type retentionWorker struct {
	river.WorkerDefaults[RetentionArgs]
	handle RetentionHandler
}

func (w *retentionWorker) Work(ctx context.Context, job *river.Job[RetentionArgs]) error {
	return w.handle(ctx, job.Args.JobID, job.Args.DestinationID)
}

// NotifyArgs sends one notification delivery; temporary failures are retried with River's
// backoff (seconds, then minutes), permanent ones are not.
type NotifyArgs struct {
	DeliveryID pulid.ID `json:"deliveryId"`
}

// Kind implements river.JobArgs.
func (NotifyArgs) Kind() string { return "notification" }

// InsertOpts implements river.JobArgsWithInsertOpts.
func (NotifyArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: notifyAttempts, Queue: QueueMaintenance}
}

// notifyAttempts is how often a delivery is tried.
const notifyAttempts = 6

// NotifyHandler sends a delivery; last says whether this is the final attempt. An error that
// wraps a permanent failure (Permanent reports it) is not retried.
type NotifyHandler func(ctx context.Context, deliveryID pulid.ID, last bool) error

type notifyWorker struct {
	river.WorkerDefaults[NotifyArgs]
	handle    NotifyHandler
	permanent func(error) bool
}

func (w *notifyWorker) Work(ctx context.Context, job *river.Job[NotifyArgs]) error {
	err := w.handle(ctx, job.Args.DeliveryID, job.Attempt >= job.MaxAttempts)
	if err != nil && w.permanent != nil && w.permanent(err) {
		return river.JobCancel(err)
	}
	return err
}

type worker struct {
	river.WorkerDefaults[Args]
	handle Handler
}

func (w *worker) Work(ctx context.Context, job *river.Job[Args]) error {
	err := w.handle(ctx, job.Args.Work, job.Args.ExecutionID)
	if errors.Is(err, execution.ErrBusy) {
		// Snoozing does not use up the single attempt.
		return river.JobSnooze(busyRetry)
	}
	return err
}

// busyRetry is how soon a run that waits for its source is tried again.
const busyRetry = 2 * time.Second

// Queue is an open queue. It implements execution.Queue.
type Queue struct {
	db     *database.DB
	client *river.Client[*sql.Tx]
}

var _ execution.Queue = (*Queue)(nil)

// Config configures Open.
type Config struct {
	// Workers is how many executions this node works at once; DefaultWorkers when 0. A
	// negative value makes the node insert-only (it queues work but does none).
	Workers int
	Logger  *slog.Logger
	// Retention applies retention after backups; nil leaves retention jobs unworked here.
	Retention RetentionHandler
	// Notify sends notifications, and Permanent tells failures not worth retrying; nil leaves
	// notification jobs unworked here.
	Notify    NotifyHandler
	Permanent func(error) bool
	// SystemTask runs scheduled system tasks; nil leaves them unworked here.
	SystemTask SystemTaskHandler
}

// Open connects to the configuration database on a pool of its own, migrates River's tables
// and prepares a client whose workers call handle. Start begins working.
func Open(ctx context.Context, cfg database.Config, qc Config, handle Handler) (*Queue, error) {
	db, err := database.Open(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	var drv riverdriver.Driver[*sql.Tx]
	switch db.Dialect {
	case system.SQLite:
		// SQLite allows one writer; River's maintenance runs in parallel, so it gets exactly one
		// connection and waits on the busy timeout for the API's writes.
		db.SetMaxOpenConns(1)
		drv = riversqlite.New(db.DB)
	default:
		drv = riverdatabasesql.New(db.DB)
	}
	mig, err := rivermigrate.New(drv, nil)
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("queue: migrator: %w", err)
	}
	if _, err := mig.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("queue: migrate: %w", err)
	}
	logger := qc.Logger
	if logger == nil {
		logger = slog.Default()
	}
	rc := &river.Config{
		Logger:               slog.New(levelFloor{Handler: logger.Handler(), min: slog.LevelWarn}),
		MaxAttempts:          1,
		JobTimeout:           -1,
		RescueStuckJobsAfter: rescueAfter,
		FetchPollInterval:    pollInterval,
		FetchCooldown:        pollInterval / 5,
		PollOnly:             true,
	}
	if qc.Workers >= 0 {
		n := qc.Workers
		if n == 0 {
			n = DefaultWorkers
		}
		workers := river.NewWorkers()
		river.AddWorker(workers, &worker{handle: handle})
		if qc.Retention != nil {
			river.AddWorker(workers, &retentionWorker{handle: qc.Retention})
		}
		if qc.Notify != nil {
			river.AddWorker(workers, &notifyWorker{handle: qc.Notify, permanent: qc.Permanent})
		}
		addSystemTaskWorker(workers, qc.SystemTask)
		rc.Workers = workers
		rc.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: n}, QueueMaintenance: {MaxWorkers: maintenanceWorkers}}
	}
	client, err := river.NewClient(drv, rc)
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("queue: client: %w", err)
	}
	return &Queue{db: db, client: client}, nil
}

// Start begins working queued jobs until Stop.
func (q *Queue) Start(ctx context.Context) error {
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("queue: start: %w", err)
	}
	return nil
}

// Stop stops fetching work, cancels running jobs (their Executions end as interrupted or
// cancelled) and closes the pool.
func (q *Queue) Stop(ctx context.Context) error {
	return errors.Join(q.client.StopAndCancel(ctx), q.db.Close())
}

// Enqueue implements execution.Queue.
func (q *Queue) Enqueue(ctx context.Context, kind execution.Kind, id pulid.ID) (int64, error) {
	res, err := q.client.Insert(ctx, Args{Work: kind, ExecutionID: id}, nil)
	if err != nil {
		return 0, fmt.Errorf("queue: insert: %w", err)
	}
	return res.Job.ID, nil
}

// EnqueueRetention implements execution.Queue.
func (q *Queue) EnqueueRetention(ctx context.Context, jobID, destinationID pulid.ID) error {
	if _, err := q.client.Insert(ctx, RetentionArgs{JobID: jobID, DestinationID: destinationID}, nil); err != nil {
		return fmt.Errorf("queue: insert retention: %w", err)
	}
	return nil
}

// EnqueueNotification implements notification.Queue.
func (q *Queue) EnqueueNotification(ctx context.Context, deliveryID pulid.ID) error {
	if _, err := q.client.Insert(ctx, NotifyArgs{DeliveryID: deliveryID}, nil); err != nil {
		return fmt.Errorf("queue: insert notification: %w", err)
	}
	return nil
}

// Cancel implements execution.Queue.
func (q *Queue) Cancel(ctx context.Context, jobID int64) error {
	if _, err := q.client.JobCancel(ctx, jobID); err != nil {
		return fmt.Errorf("queue: cancel job %d: %w", jobID, err)
	}
	return nil
}

// levelFloor drops River's records below min: its info logs describe every fetch.
type levelFloor struct {
	slog.Handler
	min slog.Level
}

func (l levelFloor) Enabled(ctx context.Context, lv slog.Level) bool {
	return lv >= l.min && l.Handler.Enabled(ctx, lv)
}
