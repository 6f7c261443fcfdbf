// Package runinfo holds the small value types stored inside an Execution row: the state of each
// destination of a run and its log lines. It imports nothing of DBackup's so that the ent schema
// and the services can both use it.
package runinfo

import "time"

// TargetStatus is how far one destination of a run has got.
type TargetStatus string

// The states of a destination within a run.
const (
	TargetPending TargetStatus = "PENDING"
	TargetRunning TargetStatus = "RUNNING"
	TargetDone    TargetStatus = "DONE"
	TargetFailed  TargetStatus = "FAILED"
)

// Target is one destination of a backup run: where it stands, what it received, why it failed.
type Target struct {
	DestinationID string       `json:"destinationId"`
	Name          string       `json:"name"`
	Status        TargetStatus `json:"status"`
	// Bytes is the number of bytes handed to the destination so far.
	Bytes int64 `json:"bytes"`
	// ObjectKey is the name of the stored object, set once the run knows it.
	ObjectKey string `json:"objectKey,omitempty"`
	Error     string `json:"error,omitempty"`
}

// Level is a log line's severity.
type Level string

// The log levels.
const (
	Info  Level = "INFO"
	Warn  Level = "WARN"
	Error Level = "ERROR"
)

// Line is one log line of a run. Messages never hold secrets: they are shown to everyone with
// history:read.
type Line struct {
	Time    time.Time `json:"time"`
	Level   Level     `json:"level"`
	Message string    `json:"message"`
}

// MaxLines caps the log kept per run, so that a pathological run cannot grow its row without
// bound; the newest lines are kept.
const MaxLines = 500
