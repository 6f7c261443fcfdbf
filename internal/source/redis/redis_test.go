package redis_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/source/redis"
	"github.com/dbackup/dbackup/internal/source/sourcetest"
	"github.com/dbackup/dbackup/internal/testutil/redistest"
	"github.com/dbackup/dbackup/internal/vault"
)

func baseConfig(t *testing.T) source.Config {
	t.Helper()
	host, port := redistest.HostPort(t)
	return source.Config{Engine: "redis", Host: host, Port: port}
}

func open(t *testing.T, cfg source.Config) *redis.Redis {
	t.Helper()
	r, err := redis.New(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = r.Close() })
	return r
}

func TestConformance(t *testing.T) {
	redistest.NewKey(t)
	cfg := baseConfig(t)
	sourcetest.Run(t, func(t *testing.T) source.Source {
		s, err := redis.Open(cfg)
		require.NoError(t, err)
		return s
	}, "db3")
}

func TestACLUser(t *testing.T) {
	user, password := redistest.NewUser(t, "+@all", "~*")
	cfg := baseConfig(t)
	cfg.Username, cfg.Password, cfg.Database = user, vault.NewSecret(password), "3"
	info, err := open(t, cfg).Test(context.Background())
	require.NoError(t, err)
	require.Regexp(t, `^(Redis|Valkey) \d+\.\d+`, info.Version)
}

func TestFailuresAreClassified(t *testing.T) {
	user, password := redistest.NewUser(t, "+@all", "~*")
	locked, lockedPassword := redistest.NewUser(t, "-@all") // may log in, may run nothing
	wrong := password + "-wrong"

	tests := []struct {
		name   string
		change func(*source.Config)
		want   connerr.Kind
	}{
		{"wrong password", func(c *source.Config) { c.Username, c.Password = user, vault.NewSecret(wrong) }, connerr.Auth},
		{"missing database", func(c *source.Config) { c.Database = "99" }, connerr.NotFound},
		{"closed port", func(c *source.Config) { c.Host, c.Port = "127.0.0.1", 1 }, connerr.Unreachable},
		{"unresolvable host", func(c *source.Config) { c.Host = "dbackup-no-such-host.invalid" }, connerr.Unreachable},
		{"no permissions", func(c *source.Config) { c.Username, c.Password = locked, vault.NewSecret(lockedPassword) }, connerr.Permission},
		// The local server has no TLS: it never answers the ClientHello, and the handshake
		// times out after connect_timeout while TCP connected.
		{"TLS required, server without TLS", func(c *source.Config) {
			c.TLSMode, c.Options = source.TLSRequire, map[string]string{source.OptionConnectTimeout: "1"}
		}, connerr.TLS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := baseConfig(t)
			cfg.Password = vault.NewSecret(password) // the default user has nopass and accepts any
			tt.change(&cfg)
			r := open(t, cfg)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			_, err := r.Test(ctx)
			sourcetest.RequireKind(t, err, tt.want, password, wrong, lockedPassword)
		})
	}
}

func TestListDatabasesOmitsEmpty(t *testing.T) {
	redistest.NewKey(t)
	dbs, err := open(t, baseConfig(t)).ListDatabases(context.Background())
	require.NoError(t, err)
	require.Contains(t, dbs, source.Database{Name: "db3", SizeBytes: -1})
	for _, db := range dbs {
		require.Regexp(t, `^db\d+$`, db.Name)
	}
}

func TestOpenMapsPreferToDisable(t *testing.T) {
	cfg := baseConfig(t)
	cfg.TLSMode = source.TLSPrefer
	_, err := open(t, cfg).Test(context.Background())
	require.NoError(t, err, "prefer, the default of new sources, connects without TLS")
}
