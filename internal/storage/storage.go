// Package storage defines where backups are stored: one small interface that every destination
// kind (local folder, S3, SFTP, …) implements in its own package under internal/storage/<kind>,
// and one conformance suite (storagetest) that every implementation passes.
package storage

import (
	"context"
	"errors"
	"io"
	"time"
)

// ErrNotFound reports a missing object.
var ErrNotFound = errors.New("object not found")

// ProbePrefix is the reserved prefix under which connection tests write their probe objects.
const ProbePrefix = ".dbackup-probe/"

// Object describes a stored object.
type Object struct {
	// Key is the object's name relative to the storage's root (prefix or folder), with "/"
	// separators, never starting with "/".
	Key     string
	Size    int64
	ModTime time.Time
}

// Storage is one destination. Keys use "/" separators and are relative to the configured root.
// Implementations are safe for concurrent use.
type Storage interface {
	// Put stores everything read from r under key, streaming (never buffering the whole
	// object). The object becomes visible under key only once it is complete: an interrupted
	// or failed Put leaves nothing under key (temporary name then rename, or an uncompleted
	// multipart upload that is aborted). size is the length if known, else -1. An existing
	// object is replaced.
	Put(ctx context.Context, key string, r io.Reader, size int64) error
	// Get opens the object for reading; a missing object is ErrNotFound.
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	// Stat describes the object; a missing object is ErrNotFound.
	Stat(ctx context.Context, key string) (Object, error)
	// List calls fn for every object whose key starts with prefix, in no particular order; an
	// error from fn stops the listing and is returned.
	List(ctx context.Context, prefix string, fn func(Object) error) error
	// Delete removes the object; deleting a missing object is not an error.
	Delete(ctx context.Context, key string) error
	// Close releases connections.
	Close() error
}

// ChecksumRecorder is implemented by storages that can attach the SHA-256 of a stored object to
// the object itself (S3 object metadata), so that a copy moved out of DBackup's reach can still
// be checked. The backup pipeline calls it after Put succeeded, once the checksum is known.
type ChecksumRecorder interface {
	// RecordChecksum attaches sha256 (lower-case hex) to the complete object under key. The
	// object stays readable under key throughout.
	RecordChecksum(ctx context.Context, key, sha256 string) error
}

// PartialRemover is implemented by storages whose interrupted Put can leave data behind that is
// not visible under the key: temporary files, incomplete multipart uploads. Crash recovery calls
// it for the keys of runs that never finished.
type PartialRemover interface {
	// RemovePartial removes whatever an unfinished Put of key left behind. It never removes a
	// complete object under key, and finding nothing is not an error.
	RemovePartial(ctx context.Context, key string) error
}
