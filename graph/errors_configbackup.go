package graph

import (
	"errors"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/dbackup/dbackup/internal/configbackup"
	"github.com/dbackup/dbackup/internal/systask"
)

// Error codes of Config Backup imports.
const (
	// CodeConfigOpenFailed: a sealed config backup did not open — a wrong passphrase or an
	// edited byte (AES-GCM cannot tell them apart), or a profile key this instance lacks.
	CodeConfigOpenFailed = "CONFIG_OPEN_FAILED"
	// CodeConfigFutureVersion: the file was written by a newer DBackup.
	CodeConfigFutureVersion = "CONFIG_FUTURE_VERSION"
)

// presentConfigError sets the code of a config backup or system task error on e and reports
// whether it was one. The field comes from a *FieldError the resolver wrapped around it;
// an invalid item is named in extensions.item.
func presentConfigError(e *gqlerror.Error, err error) bool {
	var (
		te *systask.FieldError
		ie *configbackup.ItemError
		fe *FieldError
	)
	switch {
	case errors.As(err, &te):
		setCode(e, CodeInvalidInput)
		e.Extensions["field"] = te.Field
		return true
	case errors.Is(err, configbackup.ErrFutureVersion):
		setCode(e, CodeConfigFutureVersion)
	case errors.Is(err, configbackup.ErrOpen), errors.Is(err, configbackup.ErrPassphraseRequired),
		errors.Is(err, configbackup.ErrProfileKeyRequired):
		setCode(e, CodeConfigOpenFailed)
	case errors.Is(err, configbackup.ErrFormat), errors.Is(err, configbackup.ErrInvalid), errors.Is(err, configbackup.ErrHashesNeedSecrets):
		setCode(e, CodeInvalidInput)
	default:
		return false
	}
	if errors.As(err, &fe) {
		e.Extensions["field"] = fe.Field
	}
	if errors.As(err, &ie) {
		e.Extensions["item"] = map[string]any{"kind": ie.Kind, "name": ie.Name}
	}
	return true
}
