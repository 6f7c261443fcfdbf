package syskey

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/dbackup/dbackup/internal/viewer"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/keycheck"
	_ "github.com/dbackup/dbackup/ent/runtime" // schema defaults and hooks, including the sealing hook
	"github.com/dbackup/dbackup/internal/vault"
)

// canaryText is sealed into the key check; opening it proves the loaded key is the right one.
const canaryText = "dbackup key check"

// statusTTL is how long a computed status is reused: it opens every stored secret to count the
// undecryptable ones, which the live dashboard should not redo for every subscriber.
const statusTTL = 5 * time.Second

// ErrStrictMismatch stops start-up under ENCRYPTION_KEY_STRICT=true when the key does not match.
var ErrStrictMismatch = errors.New("encryption key mismatch")

// Options configure Open.
type Options struct {
	// DataDir is where a first start generates encryption.key.
	DataDir string
	// Strict refuses to start with a mismatched key instead of starting degraded.
	Strict bool
	Log    *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Service is the system key of one open database.
type Service struct {
	db      *sql.DB
	dialect string
	keys    Keys
	client  *ent.Client
	log     *slog.Logger
	now     func() time.Time

	mu       sync.Mutex
	expected string // key id in the key check row
	cached   *Status
	cachedAt time.Time
	rotation *Progress
}

// Open decides the keyring for the database behind db: the configured keys, or for a database
// that holds no secret yet, a key generated into DATA_DIR. A database with secrets and no key is
// refused, as is (with Strict) a key that does not match. It then opens the ent client with that
// keyring and records the key check on first use.
func Open(ctx context.Context, db *sql.DB, dialect string, keys Keys, opts Options) (*Service, error) {
	ctx = viewer.Privileged(ctx)
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Service{db: db, dialect: dialect, keys: keys, log: opts.Log, now: opts.Now}
	bare := ent.NewClient(ent.Driver(entDriver(db, dialect)))
	kc, err := bare.KeyCheck.Query().Order(ent.Asc(keycheck.FieldCreateTime)).First(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, fmt.Errorf("read key check: %w", err)
	}
	if keys.Keyring == nil {
		if kc != nil || s.holdsSecrets(ctx, bare) {
			expected := ""
			if kc != nil {
				expected = " (key id " + kc.KeyID + ")"
			}
			return nil, &MissingKeyError{Expected: expected}
		}
		if s.keys, err = generate(opts.DataDir); err != nil {
			return nil, err
		}
		opts.Log.Warn("GENERATED A NEW ENCRYPTION KEY: copy it into your password manager and set ENCRYPTION_KEY (or ENCRYPTION_KEY_FILE); if the data folder is lost without it, every stored credential is lost",
			"file", s.keys.Source, "key_id", s.keys.Keyring.PrimaryID())
	}
	s.client = ent.NewClient(ent.Driver(entDriver(db, dialect)), ent.Keyring(s.keys.Keyring))
	if kc == nil {
		kc, err = s.client.KeyCheck.Create().SetKeyID(s.keys.Keyring.PrimaryID()).SetCanary(canaryText).Save(ctx)
		if err != nil {
			return nil, fmt.Errorf("write key check: %w", err)
		}
	}
	s.expected = kc.KeyID
	if s.state() == StateMismatch {
		err := s.mismatchError()
		if opts.Strict {
			return nil, fmt.Errorf("%w: %v (ENCRYPTION_KEY_STRICT=true refuses to start)", ErrStrictMismatch, err)
		}
		opts.Log.Error("encryption key mismatch: starting degraded; features that need a stored secret will fail", "err", err)
	}
	return s, nil
}

// Client returns the ent client, built with the keyring.
func (s *Service) Client() *ent.Client { return s.client }

// KeySource says where the primary key came from: a variable name or a file path.
func (s *Service) KeySource() string { return s.keys.Source }

// Keyring returns the loaded keys.
func (s *Service) Keyring() *vault.Keyring { return s.keys.Keyring }

// holdsSecrets reports whether any secret is stored, which means the database is not new.
func (s *Service) holdsSecrets(ctx context.Context, c *ent.Client) bool {
	found := errors.New("found")
	err := scan(ctx, c, s.dialect, func(value) error { return found })
	return err != nil // an unreadable database is not treated as new either
}

// MissingKeyError refuses a start without a key on a database that already holds secrets: a new
// key would make every one of them unreadable.
type MissingKeyError struct{ Expected string }

func (e *MissingKeyError) Error() string {
	return "this database already holds secrets sealed with an encryption key" + e.Expected +
		"; start DBackup with that key in ENCRYPTION_KEY or ENCRYPTION_KEY_FILE (a new key would make every stored credential unreadable)"
}

// mismatchError explains a mismatch, naming both key ids and the fix.
func (s *Service) mismatchError() error {
	return &vault.KeyMismatchError{KeyID: s.expected, Known: s.keys.Keyring.KeyIDs()}
}
