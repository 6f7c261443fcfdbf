package graph

import (
	"errors"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/dbackup/dbackup/internal/catalog"
	"github.com/dbackup/dbackup/internal/oidcauth"
)

// presentCatalogError sets the code of a catalog error on e and reports whether it was one.
func presentCatalogError(e *gqlerror.Error, err error) bool {
	var (
		fe    *catalog.FieldError
		inUse *catalog.InUseError
		kept  *catalog.RetainedBackupsError
	)
	switch {
	case errors.As(err, &kept):
		setCode(e, CodeRetainedBackups)
		counts := make([]map[string]any, 0, len(kept.Retained))
		for _, r := range kept.Retained {
			counts = append(counts, map[string]any{"destinationId": r.DestinationID, "destinationName": r.DestinationName, "count": r.Count})
		}
		e.Extensions["retainedBackups"] = counts
	case errors.As(err, &inUse):
		setCode(e, CodeInUse)
		e.Extensions["users"] = inUse.Users
	case errors.As(err, &fe):
		code := CodeInvalidInput
		switch {
		case errors.Is(err, catalog.ErrNameTaken):
			code = CodeConflict
		case errors.Is(err, oidcauth.ErrUnreachable):
			code = CodeProviderUnreachable
		case errors.Is(err, oidcauth.ErrDiscoveryInvalid):
			code = CodeDiscoveryInvalid
		}
		setCode(e, code)
		e.Extensions["field"] = fe.Field
	case errors.Is(err, catalog.ErrNotFound):
		setCode(e, CodeNotFound)
	default:
		return false
	}
	return true
}
