package account

import (
	"context"
	"database/sql"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/auditentry"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/auth/throttle"
	"github.com/dbackup/dbackup/internal/database"
	"github.com/dbackup/dbackup/internal/syskey"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// sealedForm is vault's dbk1 form, as the raw-column tests of internal/syskey check it.
var sealedForm = regexp.MustCompile(`^dbk1\.[0-9a-f]{16}\.[A-Za-z0-9_-]+$`)

// Passwords used by the tests; TestAuditEntriesHoldNoSecrets looks for each in the audit log.
const (
	adminPassword = "correct horse battery staple"
	userPassword  = "tr0ub4dor and three more words"
	newPassword   = "a brand new passphrase here"
	wrongPassword = "not the password at all"
)

// clock is a fake clock that tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is one test's service over its own migrated database.
type env struct {
	svc   *Service
	c     *ent.Client
	db    *sql.DB
	kr    *vault.Keyring
	clock *clock
}

// newEnv opens a migrated SQLite database in a temporary folder through syskey, as the server
// does, and the service over it with a fake clock.
func newEnv(t *testing.T) *env {
	t.Helper()
	cfg, err := database.ParseURL("sqlite://" + filepath.Join(t.TempDir(), "dbackup.db"))
	require.NoError(t, err)
	return openEnv(t, cfg)
}

func openEnv(t *testing.T, cfg database.Config) *env {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	require.NoError(t, database.Migrate(ctx, cfg, 0))
	db, err := database.Open(ctx, cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	k, err := vault.GenerateKey()
	require.NoError(t, err)
	kr, err := vault.NewKeyring(k)
	require.NoError(t, err)
	sk, err := syskey.Open(ctx, db.DB, db.EntDialect(), syskey.Keys{Keyring: kr, Source: "test"}, syskey.Options{DataDir: t.TempDir()})
	require.NoError(t, err)
	clk := newClock()
	th, err := throttle.New(throttle.Config{})
	require.NoError(t, err)
	svc, err := New(sk.Client(), sk.Keyring(), Options{Now: clk.Now, Throttle: th})
	require.NoError(t, err)
	return &env{svc: svc, c: sk.Client(), db: db.DB, kr: kr, clock: clk}
}

// sys is the context of background work and of the offline commands.
func sys() context.Context { return viewer.SystemContext(context.Background()) }

// as is the context of a request by u.
func as(u *ent.User) context.Context {
	return viewer.NewContext(viewer.SystemContext(context.Background()), &viewer.Viewer{UserID: string(u.ID), Username: u.Username, Permissions: perm.AllSet()})
}

// setup creates the first administrator, "admin".
func (e *env) setup(t *testing.T) *ent.User {
	t.Helper()
	u, err := e.svc.SetupAdmin(sys(), "admin", vault.NewSecret(adminPassword))
	require.NoError(t, err)
	return u
}

// group creates a group with the given permissions.
func (e *env) group(t *testing.T, name string, ps ...perm.Permission) *ent.Group {
	t.Helper()
	return e.c.Group.Create().SetName(name).SetPermissions(perm.NewSet(ps...).Strings()).SaveX(viewer.SystemContext(context.Background()))
}

// user creates a user with userPassword in the named groups.
func (e *env) user(t *testing.T, name string, groups ...string) *ent.User {
	t.Helper()
	u, err := e.svc.CreateUser(sys(), NewUser{Username: name, Password: vault.NewSecret(userPassword), Groups: groups})
	require.NoError(t, err)
	return u
}

// login signs in with a password and no second factor.
func (e *env) login(t *testing.T, name, pw string) LoginResult {
	t.Helper()
	res, err := e.svc.Login(viewer.SystemContext(context.Background()), LoginInput{Username: name, Password: vault.NewSecret(pw), IP: "192.0.2.10", UserAgent: "test"})
	require.NoError(t, err)
	return res
}

// audits returns the audit entries with the given action, oldest first.
func (e *env) audits(t *testing.T, action string) []*ent.AuditEntry {
	t.Helper()
	out, err := e.c.AuditEntry.Query().Where(auditentry.Action(action)).Order(ent.Asc("time"), ent.Asc("id")).All(viewer.SystemContext(context.Background()))
	require.NoError(t, err)
	return out
}
