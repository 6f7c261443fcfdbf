// Package connerr classifies failures to reach a database or a storage, so that connection tests
// can say precisely what went wrong (host unreachable, TLS, authentication, permission, missing
// bucket or path) and the API can return a stable code for each.
package connerr

import (
	"errors"
	"fmt"
)

// Kind is what went wrong.
type Kind string

// The kinds, each also the GraphQL error code of a failed connection test.
const (
	Unreachable Kind = "HOST_UNREACHABLE"  // DNS, refused, timeout, network
	TLS         Kind = "TLS_FAILED"        // handshake, certificate, or the server lacks TLS
	Auth        Kind = "AUTH_FAILED"       // wrong user, password or key
	Permission  Kind = "PERMISSION_DENIED" // authenticated, but not allowed
	NotFound    Kind = "NOT_FOUND"         // database, bucket, path or object missing
	HostKey     Kind = "HOST_KEY_MISMATCH" // SSH host key differs from the pinned one
	Config      Kind = "INVALID_CONFIG"    // a setting is wrong before any connection is tried
	Other       Kind = "CONNECTION_FAILED" // anything else
)

// Error is a classified connection failure.
type Error struct {
	Kind Kind
	// Op says what was attempted, such as "connect to postgres 10.0.0.5:5432".
	Op string
	// Hint tells the user how to fix it, such as "check the password".
	Hint string
	Err  error
}

func (e *Error) Error() string {
	msg := e.Op + ": " + e.Err.Error()
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// New returns a classified error.
func New(kind Kind, op string, err error, hint string) *Error {
	if err == nil {
		err = errors.New(string(kind))
	}
	return &Error{Kind: kind, Op: op, Err: err, Hint: hint}
}

// Newf returns a classified error with a formatted cause.
func Newf(kind Kind, op, hint, format string, args ...any) *Error {
	return New(kind, op, fmt.Errorf(format, args...), hint)
}

// KindOf returns the kind of err, or Other when err is not classified.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Other
}
