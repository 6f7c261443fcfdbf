package graph

import (
	"context"
	"errors"

	"github.com/dbackup/dbackup/internal/account"
	"github.com/dbackup/dbackup/internal/auth/password"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/viewer"
)

// errNoGroups refuses a user who would belong to no group and so could do nothing.
var errNoGroups = errors.New("choose at least one group: a user without groups can do nothing")

// viewerID is the signed-in user's id; the @signedIn directive guarantees there is one.
func viewerID(ctx context.Context) pulid.ID { return pulid.ID(viewer.FromContext(ctx).UserID) }

// passwordField points a password-policy error at newField and a wrong current password at
// currentField (when not empty), so the form marks the right input.
func passwordField(err error, currentField, newField string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, password.ErrTooShort), errors.Is(err, password.ErrTooLong), errors.Is(err, password.ErrInvalidUTF8):
		return &FieldError{Field: newField, Err: err}
	case currentField != "" && errors.Is(err, account.ErrInvalidCredentials):
		return &FieldError{Field: currentField, Err: err}
	}
	return err
}

// deref is the value p points to, or the zero value for nil (an omitted argument).
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// optionalIDs turns an omitted list into nil and a given one, even empty, into a pointer.
func optionalIDs(ids []pulid.ID) *[]pulid.ID {
	if ids == nil {
		return nil
	}
	return &ids
}

func optionalStrings(s []string) *[]string {
	if s == nil {
		return nil
	}
	return &s
}

// written is the context to read back what a mutation just wrote: the caller had the write
// permission, which may come without the read one, and is owed the result. Fields resolved
// below it (edges) use the request's own context again, so privacy applies to them.
func written(ctx context.Context) context.Context { return viewer.Privileged(ctx) }
