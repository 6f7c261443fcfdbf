package graph

import (
	"errors"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/dbackup/dbackup/internal/execution"
)

// presentExecutionError sets the code of an executions error on e and reports whether it was one.
func presentExecutionError(e *gqlerror.Error, err error) bool {
	var fe *execution.FieldError
	switch {
	case errors.As(err, &fe):
		setCode(e, CodeInvalidInput)
		e.Extensions["field"] = fe.Field
	case errors.Is(err, execution.ErrNotFound):
		setCode(e, CodeNotFound)
	case errors.Is(err, execution.ErrFinished):
		setCode(e, CodeConflict)
	default:
		return false
	}
	return true
}
