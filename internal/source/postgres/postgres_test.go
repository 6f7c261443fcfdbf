package postgres_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"strconv"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // "pgx" driver for the admin connection
	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/source/postgres"
	"github.com/dbackup/dbackup/internal/source/sourcetest"
	"github.com/dbackup/dbackup/internal/testutil/pgtest"
	"github.com/dbackup/dbackup/internal/vault"
)

// configFor returns the source configuration of a pgtest database URL.
func configFor(t *testing.T, dbURL string) source.Config {
	t.Helper()
	u, err := url.Parse(dbURL)
	require.NoError(t, err)
	port, err := strconv.Atoi(u.Port())
	require.NoError(t, err)
	pw, _ := u.User.Password()
	return source.Config{
		Engine:   "postgres",
		Host:     u.Hostname(),
		Port:     port,
		Username: u.User.Username(),
		Password: vault.NewSecret(pw),
		Database: u.Path[1:],
	}
}

func open(t *testing.T, cfg source.Config) *postgres.Postgres {
	t.Helper()
	p, err := postgres.New(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = p.Close() })
	return p
}

func TestConformance(t *testing.T) {
	cfg := configFor(t, pgtest.NewDatabase(t))
	sourcetest.Run(t, func(t *testing.T) source.Source {
		s, err := postgres.Open(cfg)
		require.NoError(t, err)
		return s
	}, cfg.Database)
}

func TestFailuresAreClassified(t *testing.T) {
	base := configFor(t, pgtest.NewDatabase(t))
	password := "pw-" + randomHex(12)
	base.Password = vault.NewSecret(password)
	lockedDB := configFor(t, pgtest.NewDatabase(t)).Database
	role := newRole(t, lockedDB)

	tests := []struct {
		name   string
		change func(*source.Config)
		want   connerr.Kind
	}{
		// The local server trusts 127.0.0.1, so it never checks a password; an unknown role is
		// the authentication failure it can produce (28000). TestClassify covers 28P01.
		{"unknown user", func(c *source.Config) { c.Username = "dbackup_no_such_role" }, connerr.Auth},
		{"missing database", func(c *source.Config) { c.Database = "dbackup_no_such_db" }, connerr.NotFound},
		{"closed port", func(c *source.Config) { c.Host, c.Port = "127.0.0.1", 1 }, connerr.Unreachable},
		{"unresolvable host", func(c *source.Config) { c.Host = "dbackup-no-such-host.invalid" }, connerr.Unreachable},
		{"no CONNECT privilege", func(c *source.Config) { c.Username, c.Database = role, lockedDB }, connerr.Permission},
		{"untrusted certificate", func(c *source.Config) {
			c.TLSMode, c.TLSCACert = source.TLSVerifyCA, newCAPEM(t)
		}, connerr.TLS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base
			tt.change(&cfg)
			p := open(t, cfg)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			_, err := p.Test(ctx)
			sourcetest.RequireKind(t, err, tt.want, password)
			_, err = p.ListDatabases(ctx)
			sourcetest.RequireKind(t, err, tt.want, password)
		})
	}
}

// newRole creates a login role that may not connect to db, because CONNECT is revoked from
// PUBLIC there. The role is dropped when the test ends.
func newRole(t *testing.T, db string) string {
	t.Helper()
	admin, err := sql.Open("pgx", pgtest.AdminURL())
	require.NoError(t, err)
	t.Cleanup(func() { _ = admin.Close() })
	role := "dbackup_test_" + randomHex(6)
	_, err = admin.Exec("CREATE ROLE " + role + " LOGIN")
	require.NoError(t, err)
	t.Cleanup(func() {
		_, err := admin.Exec("DROP ROLE IF EXISTS " + role)
		require.NoError(t, err)
	})
	_, err = admin.Exec("REVOKE CONNECT ON DATABASE " + db + " FROM PUBLIC")
	require.NoError(t, err)
	return role
}

func TestListDatabasesOmitsTemplatesAndUnconnectable(t *testing.T) {
	cfg := configFor(t, pgtest.NewDatabase(t))
	lockedDB := configFor(t, pgtest.NewDatabase(t)).Database
	role := newRole(t, lockedDB)

	ctx := context.Background()
	admin, err := open(t, cfg).ListDatabases(ctx)
	require.NoError(t, err)
	require.Contains(t, names(admin), cfg.Database)
	require.Contains(t, names(admin), lockedDB)
	require.NotContains(t, names(admin), "template0")
	require.NotContains(t, names(admin), "template1")
	for _, db := range admin {
		if db.Name == cfg.Database {
			require.Positive(t, db.SizeBytes, "an empty database still has catalogues")
		}
	}

	cfg.Username = role
	limited, err := open(t, cfg).ListDatabases(ctx)
	require.NoError(t, err)
	require.Contains(t, names(limited), cfg.Database)
	require.NotContains(t, names(limited), lockedDB, "a database the user may not connect to cannot be backed up")
}

func names(dbs []source.Database) []string {
	var out []string
	for _, db := range dbs {
		out = append(out, db.Name)
	}
	return out
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
