package mysql_test

import (
	"context"
	"database/sql"
	"net"
	"strconv"
	"testing"
	"time"

	drv "github.com/go-sql-driver/mysql"
	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/source/mysql"
	"github.com/dbackup/dbackup/internal/source/sourcetest"
	"github.com/dbackup/dbackup/internal/testutil/mysqltest"
	"github.com/dbackup/dbackup/internal/vault"
)

// configFor returns the source configuration of a mysqltest DSN.
func configFor(t *testing.T, engine, dsn string) source.Config {
	t.Helper()
	mc, err := drv.ParseDSN(dsn)
	require.NoError(t, err)
	host, portStr, err := net.SplitHostPort(mc.Addr)
	require.NoError(t, err)
	port, err := strconv.Atoi(portStr)
	require.NoError(t, err)
	return source.Config{
		Engine:   engine,
		Host:     host,
		Port:     port,
		Username: mc.User,
		Password: vault.NewSecret(mc.Passwd),
		Database: mc.DBName,
	}
}

func open(t *testing.T, cfg source.Config) *mysql.MySQL {
	t.Helper()
	m, err := mysql.New(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close() })
	return m
}

func TestConformance(t *testing.T) {
	for _, engine := range []string{mysql.MariaDB.Name, mysql.Engine.Name} {
		t.Run(engine, func(t *testing.T) {
			cfg := configFor(t, engine, mysqltest.NewDatabase(t))
			sourcetest.Run(t, func(t *testing.T) source.Source {
				s, err := mysql.Open(cfg)
				require.NoError(t, err)
				return s
			}, cfg.Database)
		})
	}
}

func TestFailuresAreClassified(t *testing.T) {
	base := configFor(t, mysql.MariaDB.Name, mysqltest.NewDatabase(t))
	user, password := mysqltest.NewUser(t) // no privileges at all
	wrong := password + "-wrong"

	tests := []struct {
		name   string
		change func(*source.Config)
		want   connerr.Kind
	}{
		{"wrong password", func(c *source.Config) { c.Username, c.Password = user, vault.NewSecret(wrong) }, connerr.Auth},
		{"missing database", func(c *source.Config) { c.Database = "dbackup_no_such_db" }, connerr.NotFound},
		{"closed port", func(c *source.Config) { c.Host, c.Port = "127.0.0.1", 1 }, connerr.Unreachable},
		{"unresolvable host", func(c *source.Config) { c.Host = "dbackup-no-such-host.invalid" }, connerr.Unreachable},
		{"no privileges on the database", func(c *source.Config) {
			c.Username, c.Password = user, vault.NewSecret(password)
		}, connerr.Permission},
		// The local server has TLS disabled (have_ssl DISABLED).
		{"TLS required, server without TLS", func(c *source.Config) { c.TLSMode = source.TLSRequire }, connerr.TLS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base
			tt.change(&cfg)
			m := open(t, cfg)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			_, err := m.Test(ctx)
			sourcetest.RequireKind(t, err, tt.want, password, wrong)
		})
	}
}

func TestListDatabasesSizes(t *testing.T) {
	emptyCfg := configFor(t, mysql.MariaDB.Name, mysqltest.NewDatabase(t))
	fullDSN := mysqltest.NewDatabase(t)
	fullCfg := configFor(t, mysql.MariaDB.Name, fullDSN)
	db, err := sql.Open("mysql", fullDSN)
	require.NoError(t, err)
	defer db.Close()
	for _, stmt := range []string{
		"CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(100)) ENGINE=InnoDB",
		"INSERT INTO t VALUES (1, 'a'), (2, 'b')",
		"CREATE VIEW v AS SELECT id FROM t",
	} {
		_, err := db.Exec(stmt)
		require.NoError(t, err)
	}

	dbs, err := open(t, emptyCfg).ListDatabases(context.Background())
	require.NoError(t, err)
	sizes := map[string]int64{}
	for _, d := range dbs {
		sizes[d.Name] = d.SizeBytes
	}
	require.Equal(t, int64(0), sizes[emptyCfg.Database], "a database without tables is empty, not unknown")
	require.Positive(t, sizes[fullCfg.Database])
	for _, system := range []string{"information_schema", "performance_schema", "mysql", "sys"} {
		require.NotContains(t, sizes, system)
	}

	// A user without privileges sees none of them.
	user, password := mysqltest.NewUser(t)
	emptyCfg.Username, emptyCfg.Password, emptyCfg.Database = user, vault.NewSecret(password), ""
	dbs, err = open(t, emptyCfg).ListDatabases(context.Background())
	require.NoError(t, err)
	require.Empty(t, dbs)
}

func TestVersionNamesTheProduct(t *testing.T) {
	cfg := configFor(t, mysql.MariaDB.Name, mysqltest.NewDatabase(t))
	info, err := open(t, cfg).Test(context.Background())
	require.NoError(t, err)
	require.Regexp(t, `^(MariaDB|MySQL) \d+\.\d+`, info.Version)
}
