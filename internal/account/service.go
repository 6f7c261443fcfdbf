package account

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/dbackup/dbackup/internal/txn"

	"github.com/dbackup/dbackup/ent"
	_ "github.com/dbackup/dbackup/ent/runtime" // schema defaults and hooks: sealing and the Admins guard
	"github.com/dbackup/dbackup/internal/auth/throttle"
	"github.com/dbackup/dbackup/internal/auth/token"
	"github.com/dbackup/dbackup/internal/vault"
)

// Defaults of Options.
const (
	// DefaultSessionLifetime is how long a session lasts however active it is: a month, after
	// which the password (and second factor) are asked again.
	DefaultSessionLifetime = 30 * 24 * time.Hour
	// DefaultIdleTimeout ends a session unused for a week, so a forgotten browser does not stay
	// signed in for the whole lifetime.
	DefaultIdleTimeout = 7 * 24 * time.Hour
)

// touchInterval is how stale last_seen_at / last_used_at may get before a request updates it:
// a write per request would make every page load a database write, and a minute is far
// below the idle timeout it feeds.
const touchInterval = time.Minute

// Options configure New. Zero fields take the defaults.
type Options struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// SessionLifetime is the longest a session lasts; DefaultSessionLifetime if zero.
	SessionLifetime time.Duration
	// IdleTimeout ends a session unused for this long; DefaultIdleTimeout if zero.
	IdleTimeout time.Duration
	// Throttle limits sign-in attempts; nil means a new one with the default limits. The
	// server passes one shared throttle; its state lives in memory.
	Throttle *throttle.Throttle
	// Tokens generates session tokens and API keys; the zero value uses crypto/rand.
	Tokens token.Generator
}

// Validate checks o: durations must not be negative.
func (o Options) Validate() error {
	if o.SessionLifetime < 0 || o.IdleTimeout < 0 {
		return invalid("session lifetime and idle timeout must not be negative")
	}
	return nil
}

func (o Options) withDefaults() (Options, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.SessionLifetime == 0 {
		o.SessionLifetime = DefaultSessionLifetime
	}
	if o.IdleTimeout == 0 {
		o.IdleTimeout = DefaultIdleTimeout
	}
	if o.Throttle == nil {
		t, err := throttle.New(throttle.Config{})
		if err != nil {
			return o, err
		}
		o.Throttle = t
	}
	return o, nil
}

// Service manages accounts over one ent client. It is safe for concurrent use.
type Service struct {
	client *ent.Client
	kr     *vault.Keyring
	opts   Options

	dummyOnce sync.Once
	dummyHash string // see dummy
}

// New returns the service over client, which must be the keyring's client (syskey's Client()),
// since TOTP secrets, recovery codes and API key hashes are sealed on write. kr opens them; a
// nil kr makes those features fail with entvault.ErrNoKeyring, which the offline `dbackup user`
// commands accept when no key is configured.
func New(client *ent.Client, kr *vault.Keyring, opts Options) (*Service, error) {
	if client == nil {
		return nil, errors.New("account: nil ent client")
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("account: %w", err)
	}
	return &Service{client: client, kr: kr, opts: opts}, nil
}

func (s *Service) now() time.Time { return s.opts.Now() }

// withTx runs fn in a transaction, committing when it returns nil.
func (s *Service) withTx(ctx context.Context, fn func(tx *ent.Tx) error) error {
	return txn.Run(ctx, s.client, fn)
}
