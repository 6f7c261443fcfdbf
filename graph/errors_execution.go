package graph

import (
	"errors"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/dbackup/dbackup/internal/catalog"
	"github.com/dbackup/dbackup/internal/downloadlink"
	"github.com/dbackup/dbackup/internal/execution"
	"github.com/dbackup/dbackup/internal/inventory"
	"github.com/dbackup/dbackup/internal/prune"
)

// presentExecutionError sets the code of an executions error on e and reports whether it was one.
func presentExecutionError(e *gqlerror.Error, err error) bool {
	var (
		fe *execution.FieldError
		le *downloadlink.FieldError
		oe *catalog.OpenError
	)
	switch {
	case errors.As(err, &oe):
		setCode(e, oe.Code())
	case errors.As(err, &fe):
		setCode(e, CodeInvalidInput)
		e.Extensions["field"] = fe.Field
	case errors.As(err, &le):
		setCode(e, CodeInvalidInput)
		e.Extensions["field"] = le.Field
	case errors.Is(err, prune.ErrNotTarget):
		setCode(e, CodeInvalidInput)
		e.Extensions["field"] = "destination"
	case errors.Is(err, execution.ErrNotFound), errors.Is(err, inventory.ErrNotFound):
		setCode(e, CodeNotFound)
	case errors.Is(err, execution.ErrFinished):
		setCode(e, CodeConflict)
	default:
		return false
	}
	return true
}
