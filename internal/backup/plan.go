package backup

import (
	"errors"
	"time"

	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/vault"
)

// ErrAllTargetsFailed is returned by Run when no destination stored the backup.
var ErrAllTargetsFailed = errors.New("backup: every destination failed")

// ErrNoTargets is returned by Plan.Validate for a plan without destinations.
var ErrNoTargets = errors.New("backup: no destination")

// errPutReturnedEarly is a target's error when its storage returned success before the stream
// ended, which would otherwise leave the tee blocked on a pipe nobody reads.
var errPutReturnedEarly = errors.New("storage returned before the end of the stream")

// Target is one destination of a backup.
type Target struct {
	// Name identifies the destination in results and progress, such as its configured name.
	Name    string
	Storage storage.Storage
}

// Plan is everything one backup run needs.
type Plan struct {
	Dumper      source.Dumper
	Database    string
	Compression compress.Algorithm
	// Key is the profile key the backup is encrypted under; nil stores it unencrypted.
	Key *vault.Key
	// ObjectKey is the key the backup is stored under on every target.
	ObjectKey string
	Targets   []Target
	// StallTimeout drops a target that accepts no data for this long, so that a destination
	// that stopped answering cannot hold up the others; DefaultStallTimeout when zero.
	StallTimeout time.Duration
}

// DefaultStallTimeout is long enough for a destination's slowest honest moment (a multipart
// part of 16 MiB on a slow uplink), short enough that a dead one does not hold a backup for long.
const DefaultStallTimeout = 2 * time.Minute

// ErrStalled is a target's error when it accepted no data for the plan's StallTimeout.
var ErrStalled = errors.New("the destination accepted no data in time: it was dropped so the others could go on")

// Validate reports whether the plan can run.
func (p Plan) Validate() error {
	switch {
	case p.Dumper == nil:
		return errors.New("backup: no dumper")
	case p.ObjectKey == "":
		return errors.New("backup: no object key")
	case len(p.Targets) == 0:
		return ErrNoTargets
	}
	for _, t := range p.Targets {
		if t.Storage == nil {
			return errors.New("backup: target " + t.Name + " has no storage")
		}
	}
	return nil
}

// TargetResult is how one destination fared.
type TargetResult struct {
	Name string
	// Err is nil when the object is stored complete.
	Err error
	// Bytes is the number of bytes handed to the destination.
	Bytes    int64
	Duration time.Duration
}

// Result is the outcome of a run.
type Result struct {
	DumpInfo source.DumpInfo
	// DumpSize is the number of bytes the dump produced, before compression.
	DumpSize int64
	// Size is the number of bytes stored on each successful target.
	Size int64
	// SHA256 is the lower-case hex SHA-256 of the stored bytes.
	SHA256   string
	Targets  []TargetResult
	Duration time.Duration
}

// Status summarises a run for its history row.
type Status string

// The statuses of a run.
const (
	// Success means every target stored the backup.
	Success Status = "SUCCESS"
	// Partial means some targets stored it and others failed.
	Partial Status = "PARTIAL"
	// Failed means no target stored it.
	Failed Status = "FAILED"
)

// Status derives the run's status from its targets' errors.
func (r Result) Status() Status {
	ok := 0
	for _, t := range r.Targets {
		if t.Err == nil {
			ok++
		}
	}
	switch {
	case ok == 0:
		return Failed
	case ok == len(r.Targets):
		return Success
	default:
		return Partial
	}
}
