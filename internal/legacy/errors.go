package legacy

import "errors"

var (
	// ErrTampered reports a file whose GCM tag does not match. A wrong key and a modified file or
	// sidecar cannot be told apart with GCM, so the message names both.
	ErrTampered = errors.New("legacy backup failed authentication: wrong key or modified file")

	// ErrNotLegacy reports a sidecar that is not one the seed product wrote.
	ErrNotLegacy = errors.New("not a legacy backup sidecar")

	// ErrMeta reports a legacy sidecar that is recognised but unusable: an IV or tag that is not
	// hex or has the wrong length, or an unsupported algorithm.
	ErrMeta = errors.New("invalid legacy backup sidecar")

	// ErrKey reports a key that is not 32 bytes (AES-256).
	ErrKey = errors.New("legacy backup key must be 32 bytes")

	// ErrCorrupt reports a legacy multi-database tar that does not match its manifest.
	ErrCorrupt = errors.New("legacy backup archive is corrupt")
)
