package mongodb_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/source/mongodb"
	"github.com/dbackup/dbackup/internal/source/sourcetest"
	"github.com/dbackup/dbackup/internal/testutil/mongotest"
	"github.com/dbackup/dbackup/internal/vault"
)

// testTimeout bounds each call to the local server.
const testTimeout = 30 * time.Second

func configFor(s *mongotest.Server) source.Config {
	return source.Config{Engine: "mongodb", Host: s.Host, Port: s.Port}
}

func open(t *testing.T, cfg source.Config) *mongodb.Mongo {
	t.Helper()
	m, err := mongodb.New(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close() })
	return m
}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

func TestConformance(t *testing.T) {
	s := mongotest.Start(t)
	db := s.NewDatabase(t, 10)
	s.NewDatabase(t, 1)
	cfg := configFor(s)
	sourcetest.Run(t, func(t *testing.T) source.Source {
		src, err := mongodb.Open(cfg)
		require.NoError(t, err)
		return src
	}, db)
}

func TestTestReportsFerretDB(t *testing.T) {
	s := mongotest.Start(t)
	info, err := open(t, configFor(s)).Test(ctxFor(t))
	require.NoError(t, err)
	require.Regexp(t, `^FerretDB \S+ \(MongoDB \d+\.\d+\.\d+\)$`, info.Version)
}

func TestListDatabases(t *testing.T) {
	s := mongotest.Start(t)
	big := s.NewDatabase(t, 500)
	small := s.NewDatabase(t, 1)
	empty := s.NewDatabase(t, 0)

	dbs, err := open(t, configFor(s)).ListDatabases(ctxFor(t))
	require.NoError(t, err)
	sizes := map[string]int64{}
	var names []string
	for _, db := range dbs {
		sizes[db.Name] = db.SizeBytes
		names = append(names, db.Name)
	}
	require.IsNonDecreasing(t, names, "sorted by name")
	for _, name := range []string{big, small, empty} {
		require.Contains(t, sizes, name)
		require.Positive(t, sizes[name], "sizeOnDisk of %s", name)
	}
	for _, system := range []string{"admin", "local", "config"} {
		require.NotContains(t, sizes, system)
	}
}

func TestDatabaseMustExist(t *testing.T) {
	s := mongotest.Start(t)
	cfg := configFor(s)
	cfg.Database = s.NewDatabase(t, 1)
	_, err := open(t, cfg).Test(ctxFor(t))
	require.NoError(t, err)

	cfg.Database = "dbackup_no_such_db"
	_, err = open(t, cfg).Test(ctxFor(t))
	sourcetest.RequireKind(t, err, connerr.NotFound)
}

func TestFailuresAreClassified(t *testing.T) {
	s := mongotest.Start(t)
	password := "pw-" + time.Now().Format("150405.000000")

	tests := []struct {
		name   string
		change func(*source.Config)
		want   connerr.Kind
	}{
		// FerretDB 1.24 embedded has no users and rejects every SCRAM login with
		// AuthenticationFailed, as MongoDB does a wrong password (see mongotest).
		{"login rejected", func(c *source.Config) { c.Username, c.Password = "backup", vault.NewSecret(password) }, connerr.Auth},
		{"login rejected, other authentication database", func(c *source.Config) {
			c.Username, c.Password = "backup", vault.NewSecret(password)
			c.Options = map[string]string{mongodb.OptionAuthSource: "app"}
		}, connerr.Auth},
		{"missing database", func(c *source.Config) { c.Database = "dbackup_no_such_db" }, connerr.NotFound},
		{"closed port", func(c *source.Config) { c.Host, c.Port = "127.0.0.1", 1 }, connerr.Unreachable},
		{"unresolvable host", func(c *source.Config) { c.Host = "dbackup-no-such-host.invalid" }, connerr.Unreachable},
		// The local server has no TLS: it reads the ClientHello as the start of a message and
		// waits for the rest, and the handshake times out after connect_timeout.
		{"TLS required, server without TLS", func(c *source.Config) {
			c.TLSMode, c.Options = source.TLSRequire, map[string]string{source.OptionConnectTimeout: "1"}
		}, connerr.TLS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := configFor(s)
			tt.change(&cfg)
			m := open(t, cfg)
			_, err := m.Test(ctxFor(t))
			sourcetest.RequireKind(t, err, tt.want, password)
			if tt.want != connerr.NotFound { // ListDatabases does not look at the database
				_, err = m.ListDatabases(ctxFor(t))
				sourcetest.RequireKind(t, err, tt.want, password)
			}
		})
	}
}

// TestUnreachableFailsFast checks that a refused connection is reported at once, from the
// driver's first heartbeat, rather than when server selection gives up after twice the connect
// timeout.
func TestUnreachableFailsFast(t *testing.T) {
	cfg := source.Config{Engine: "mongodb", Host: "127.0.0.1", Port: 1}
	m := open(t, cfg)
	for range 2 { // the second call finds the client created and the server known to be down
		start := time.Now()
		_, err := m.Test(ctxFor(t))
		sourcetest.RequireKind(t, err, connerr.Unreachable)
		require.Less(t, time.Since(start), source.DefaultConnectTimeout*time.Second/2)
	}
}
