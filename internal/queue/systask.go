package queue

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// SystemTaskArgs runs one scheduled system task (Config Backup, System Backup) on the
// maintenance queue. The scheduler has already claimed the instant At on exactly one node, so a
// job is inserted once per instant; uniqueness by arguments only guards a retried insert.
type SystemTaskArgs struct {
	Task string    `json:"task" river:"unique"`
	At   time.Time `json:"at" river:"unique"`
}

// Kind implements river.JobArgs.
func (SystemTaskArgs) Kind() string { return "system_task" }

// InsertOpts implements river.JobArgsWithInsertOpts. A run is attempted once: the task records
// its own outcome, and the next instant makes a new backup anyway.
func (SystemTaskArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 1, Queue: QueueMaintenance, UniqueOpts: river.UniqueOpts{
		ByArgs: true,
		ByState: []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
			rivertype.JobStateRetryable, rivertype.JobStateScheduled, rivertype.JobStateCompleted},
	}}
}

// SystemTaskHandler runs the system task named task for the scheduled instant at.
type SystemTaskHandler func(ctx context.Context, task string, at time.Time) error

type systemTaskWorker struct {
	river.WorkerDefaults[SystemTaskArgs]
	handle SystemTaskHandler
}

func (w *systemTaskWorker) Work(ctx context.Context, job *river.Job[SystemTaskArgs]) error {
	return w.handle(ctx, job.Args.Task, job.Args.At)
}

// addSystemTaskWorker registers the worker when the node runs system tasks.
func addSystemTaskWorker(workers *river.Workers, h SystemTaskHandler) {
	if h != nil {
		river.AddWorker(workers, &systemTaskWorker{handle: h})
	}
}

// EnqueueSystemTask queues the run of a system task for its scheduled instant.
func (q *Queue) EnqueueSystemTask(ctx context.Context, task string, at time.Time) error {
	if _, err := q.client.Insert(ctx, SystemTaskArgs{Task: task, At: at.UTC()}, nil); err != nil {
		return fmt.Errorf("queue: insert system task: %w", err)
	}
	return nil
}
