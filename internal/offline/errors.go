package offline

import (
	"errors"
	"fmt"
)

var (
	// ErrChecksum reports a stored object whose SHA-256 or size differs from its sidecar's.
	ErrChecksum = errors.New("the stored file does not match the SHA-256 or size recorded in its sidecar")

	// ErrNoSidecar reports a legacy (seed) encrypted file without its sidecar, which holds the IV
	// and tag: without them it cannot be decrypted.
	ErrNoSidecar = errors.New("a legacy encrypted file needs its .meta.json sidecar, which holds its IV and tag")

	// ErrExists reports a destination that already exists; nothing is ever replaced.
	ErrExists = errors.New("the destination already exists")

	// ErrKit reports a Recovery Kit that cannot be read or whose key files do not match keys.json.
	ErrKit = errors.New("invalid recovery kit")

	// ErrNotArchive reports Unpack called on a backup that is not a multi-database archive.
	ErrNotArchive = errors.New("not a multi-database archive")
)

// NoLegacyKeyError reports a legacy encrypted backup for which no candidate key was given.
// errors.Is(err, ErrNoLegacyKey) is true for it.
type NoLegacyKeyError struct {
	// ProfileID is the seed profile named in the sidecar, possibly empty.
	ProfileID string
}

// ErrNoLegacyKey is the sentinel of NoLegacyKeyError.
var ErrNoLegacyKey = errors.New("no key for a legacy encrypted backup")

func (e *NoLegacyKeyError) Error() string {
	if e.ProfileID == "" {
		return ErrNoLegacyKey.Error()
	}
	return fmt.Sprintf("%v: it needs the key of encryption profile %s", ErrNoLegacyKey, e.ProfileID)
}

// Is makes errors.Is(err, ErrNoLegacyKey) true.
func (e *NoLegacyKeyError) Is(target error) bool { return target == ErrNoLegacyKey }
