package catalog

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dbackup/dbackup/internal/txn"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/audit"
	"github.com/dbackup/dbackup/internal/vault"
)

// Errors of the service; the GraphQL presenter maps them to codes.
var (
	// ErrNotFound is an unknown id.
	ErrNotFound = errors.New("not found")
	// ErrNameTaken refuses a name another item of the same type has.
	ErrNameTaken = errors.New("the name is taken: choose another")
)

// InUseError refuses deleting something jobs still use; Users names them.
type InUseError struct {
	What  string
	Users []string
}

func (e *InUseError) Error() string {
	return fmt.Sprintf("%s is used by job(s) %s: change or delete those jobs first", e.What, strings.Join(e.Users, ", "))
}

// FieldError is invalid input about one input field; Err is a sentinel it stands for, if any.
type FieldError struct {
	Field string
	Msg   string
	Err   error
}

func (e *FieldError) Error() string { return e.Msg }
func (e *FieldError) Unwrap() error { return e.Err }

func fieldError(field, format string, a ...any) error {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, a...)}
}

// Service manages the catalog over one ent client (syskey's, so secrets are sealed on write).
type Service struct {
	client *ent.Client
	kr     *vault.Keyring
	now    func() time.Time
	// testTimeout bounds one connection test.
	testTimeout time.Duration
}

// DefaultTestTimeout bounds a connection test: longer than the engines' own connect timeout,
// so that their precise error arrives first, and short enough for a person waiting on a button.
const DefaultTestTimeout = 30 * time.Second

// New returns the service. kr opens stored secrets for connection tests.
func New(client *ent.Client, kr *vault.Keyring) *Service {
	return &Service{client: client, kr: kr, now: time.Now, testTimeout: DefaultTestTimeout}
}

// withTx runs fn in a transaction, committing when it returns nil.
func (s *Service) withTx(ctx context.Context, fn func(tx *ent.Tx) error) error {
	return txn.Run(ctx, s.client, fn)
}

func (s *Service) audit(ctx context.Context, c *ent.Client, e audit.Entry) error {
	return audit.Write(ctx, c, s.now(), e)
}

// constraint turns a unique-name violation into ErrNameTaken naming the field.
func constraint(err error, what, name string) error {
	if ent.IsConstraintError(err) {
		return &FieldError{Field: "name", Msg: fmt.Sprintf("%s %q: %v", what, name, ErrNameTaken), Err: ErrNameTaken}
	}
	return err
}

func notFound(what string, id any) error { return fmt.Errorf("%s %v: %w", what, id, ErrNotFound) }
