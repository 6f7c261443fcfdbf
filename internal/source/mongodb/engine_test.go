package mongodb_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/source/mongodb"
	"github.com/dbackup/dbackup/internal/vault"
)

func TestNewRejectsInvalidConfigs(t *testing.T) {
	const password = "s3cret-password"
	tests := []struct {
		name   string
		change func(*source.Config)
		wantOp string
	}{
		{"no host", func(c *source.Config) { c.Host = "" }, source.FieldHost},
		{"port out of range", func(c *source.Config) { c.Port = 70000 }, source.FieldPort},
		{"negative port", func(c *source.Config) { c.Port = -1 }, source.FieldPort},
		{"unknown TLS mode", func(c *source.Config) { c.TLSMode = "always" }, source.FieldTLSMode},
		{"CA that is not PEM", func(c *source.Config) { c.TLSMode, c.TLSCACert = source.TLSVerifyCA, "not a certificate" }, source.FieldTLSCACert},
		{"database name with a dot", func(c *source.Config) { c.Database = "app.prod" }, source.FieldDatabase},
		{"database name too long", func(c *source.Config) { c.Database = strings.Repeat("d", 64) }, source.FieldDatabase},
		{"authentication database with a space", func(c *source.Config) { c.Options[mongodb.OptionAuthSource] = "my db" }, mongodb.OptionAuthSource},
		{"password without username", func(c *source.Config) { c.Username = "" }, source.FieldUsername},
		{"username without password", func(c *source.Config) { c.Password = vault.Secret{} }, source.FieldPassword},
		{"connect timeout not a number", func(c *source.Config) { c.Options[source.OptionConnectTimeout] = "soon" }, source.OptionConnectTimeout},
		{"unknown option", func(c *source.Config) { c.Options["replica_set"] = "rs0" }, "replica_set"},
		{"another engine", func(c *source.Config) { c.Engine = "postgres" }, "engine"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := source.Config{Engine: "mongodb", Host: "db.example.com", Username: "backup",
				Password: vault.NewSecret(password), Options: map[string]string{}}
			tt.change(&cfg)
			_, err := mongodb.New(cfg)
			var ce *connerr.Error
			require.ErrorAs(t, err, &ce)
			require.Equal(t, connerr.Config, ce.Kind, "%v", err)
			require.Equal(t, tt.wantOp, ce.Op, "%v", err)
			require.NotEmpty(t, ce.Hint)
			require.NotContains(t, err.Error(), password)
		})
	}
}

func TestNewAcceptsDefaults(t *testing.T) {
	tests := []struct {
		name string
		cfg  source.Config
	}{
		{"host only", source.Config{Host: "db.example.com"}},
		{"prefer means disable", source.Config{Host: "db.example.com", TLSMode: source.TLSPrefer}},
		{"user in another database", source.Config{Host: "db.example.com", Port: 27018, Username: "app",
			Password: vault.NewSecret("pw"), Database: "app", Options: map[string]string{mongodb.OptionAuthSource: "app"}}},
		{"verified TLS", source.Config{Host: "db.example.com", TLSMode: source.TLSVerifyFull}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := mongodb.New(tt.cfg)
			require.NoError(t, err)
			require.NoError(t, m.Close())
			require.NoError(t, m.Close(), "Close may be called twice")
		})
	}
}
