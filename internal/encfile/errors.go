package encfile

import (
	"errors"
	"strings"
)

// The errors of this package. Every error returned while reading a file matches exactly one of
// them with errors.Is (I/O errors of the underlying reader are passed on wrapped, and match none).
// None of them is ever returned together with plaintext from a chunk that failed.
var (
	// ErrNotEncrypted reports input that does not start with the format's magic bytes: it is not
	// an encrypted backup file (a plain dump, another format, or a file damaged at its start).
	ErrNotEncrypted = errors.New("not an encrypted backup file")

	// ErrUnsupportedVersion reports a file with the right magic but a format version this build
	// cannot read.
	ErrUnsupportedVersion = errors.New("unsupported backup file format version")

	// ErrHeader reports a header that is complete but malformed: a key id that is not 16
	// lower-case hex characters, or a chunk size outside [MinChunkSize, MaxChunkSize].
	ErrHeader = errors.New("malformed backup file header")

	// ErrUnknownKey reports a file whose data key is wrapped only under keys the caller does not
	// have. It is returned as an *UnknownKeyError, which names the key ids that would open it.
	ErrUnknownKey = errors.New("unknown encryption profile key")

	// ErrWrongKey reports that a key with the right key id did not open the wrapped data key: the
	// key lookup returned another key, or the header or the wrap was changed or corrupted.
	ErrWrongKey = errors.New("key does not open the file's data key")

	// ErrTampered reports a chunk that failed authentication: the file was changed, corrupted,
	// cut in the middle of a chunk, had chunks reordered or replaced, or had its header changed.
	ErrTampered = errors.New("backup file failed authentication")

	// ErrTruncated reports a file that ends early: inside the header, before the final chunk, or
	// inside a chunk too short to hold a tag. Every chunk before the end was authentic.
	ErrTruncated = errors.New("backup file is truncated")

	// ErrTrailingData reports bytes after an authentic final chunk.
	ErrTrailingData = errors.New("unexpected data after the end of the backup file")

	// ErrTooLarge reports a stream that would need more than 2^64 chunks: the next chunk would
	// reuse a nonce, so the writer refuses it.
	ErrTooLarge = errors.New("backup file exceeds 2^64 chunks")

	// ErrMalformedWrap reports a wrap (from a sidecar) that does not parse: an unknown algorithm,
	// a key id that is not 16 lower-case hex characters, or a nonce or key of the wrong size.
	ErrMalformedWrap = errors.New("malformed key wrap")
)

// UnknownKeyError reports a file that none of the caller's keys can open, and which keys could.
// errors.Is(err, ErrUnknownKey) is true for it.
type UnknownKeyError struct {
	// KeyID is the key id in the file's header: the profile key the file was written with.
	KeyID string
	// Alternatives are the key ids of the extra wraps the caller passed (for example a rotated
	// profile key or an escrow key from the sidecar); each of them would open the file too.
	Alternatives []string
}

func (e *UnknownKeyError) Error() string {
	var b strings.Builder
	b.WriteString("backup file needs encryption profile key ")
	b.WriteString(e.KeyID)
	if len(e.Alternatives) > 0 {
		b.WriteString(" (or one of " + strings.Join(e.Alternatives, ", ") + ")")
	}
	b.WriteString(", which is not known: import the profile key with that key id")
	return b.String()
}

// Is makes errors.Is(err, ErrUnknownKey) true.
func (e *UnknownKeyError) Is(target error) bool { return target == ErrUnknownKey }
