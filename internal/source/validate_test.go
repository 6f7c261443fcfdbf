package source_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/vault"
)

// testEngine has one field of every type.
var testEngine = source.Engine{
	Name:  "test",
	Label: "Test",
	Fields: []source.FieldSpec{
		source.HostField(),
		source.PortField(1234),
		source.PasswordField(),
		{Name: source.FieldTLSMode, Label: "TLS", Type: source.FieldEnum, Options: []string{"disable", "require"}},
		{Name: source.FieldDatabase, Label: "File", Type: source.FieldPath},
		{Name: "compress", Label: "Compress", Type: source.FieldBool},
		{Name: "retries", Label: "Retries", Type: source.FieldInt},
	},
}

func TestValidate(t *testing.T) {
	valid := source.Config{Engine: "test", Host: "h", Password: vault.NewSecret("s3cret-pw")}
	tests := []struct {
		name   string
		change func(*source.Config)
		wantOp string // "" for valid
	}{
		{"valid", func(*source.Config) {}, ""},
		{"no engine is fine", func(c *source.Config) { c.Engine = "" }, ""},
		{"every field", func(c *source.Config) {
			c.Port, c.TLSMode, c.Database = 5, "require", "/a/b"
			c.Options = map[string]string{"compress": "true", "retries": "3"}
		}, ""},
		{"another engine", func(c *source.Config) { c.Engine = "other" }, "engine"},
		{"required missing", func(c *source.Config) { c.Host = "" }, source.FieldHost},
		{"negative port", func(c *source.Config) { c.Port = -1 }, source.FieldPort},
		{"port too large", func(c *source.Config) { c.Port = 65536 }, source.FieldPort},
		{"enum value not allowed", func(c *source.Config) { c.TLSMode = "verify_full" }, source.FieldTLSMode},
		{"relative path", func(c *source.Config) { c.Database = "a.db" }, source.FieldDatabase},
		{"bool not a bool", func(c *source.Config) { c.Options = map[string]string{"compress": "maybe"} }, "compress"},
		{"int not an int", func(c *source.Config) { c.Options = map[string]string{"retries": "many"} }, "retries"},
		{"unknown option", func(c *source.Config) { c.Options = map[string]string{"zzz": "1"} }, "zzz"},
		{"a Config field given as option", func(c *source.Config) { c.Options = map[string]string{"host": "h"} }, "host"},
		{"unused Config field", func(c *source.Config) { c.Username = "u" }, source.FieldUsername},
		{"unused secret", func(c *source.Config) { c.TLSClientKey = vault.NewSecret("k") }, source.FieldTLSClientKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := valid
			tt.change(&cfg)
			err := testEngine.Validate(cfg)
			if tt.wantOp == "" {
				require.NoError(t, err)
				return
			}
			var ce *connerr.Error
			require.True(t, errors.As(err, &ce), "got %v", err)
			require.Equal(t, connerr.Config, ce.Kind)
			require.Equal(t, tt.wantOp, ce.Op)
			require.NotEmpty(t, ce.Hint)
			require.NotContains(t, err.Error(), "s3cret-pw")
		})
	}
}

func TestValidateTLSModeWithoutTLSFields(t *testing.T) {
	e := source.Engine{Name: "file", Label: "File", Fields: []source.FieldSpec{
		{Name: source.FieldDatabase, Label: "File", Type: source.FieldPath, Required: true},
	}}
	for _, mode := range []string{"", source.TLSDisable, source.TLSPrefer} {
		require.NoError(t, e.Validate(source.Config{Database: "/a", TLSMode: mode}), mode)
	}
	require.Error(t, e.Validate(source.Config{Database: "/a", TLSMode: source.TLSRequire}))
}

func TestConnectTimeout(t *testing.T) {
	tests := []struct {
		option string
		want   int
	}{{"", source.DefaultConnectTimeout}, {"0", source.DefaultConnectTimeout}, {"3", 3}}
	for _, tt := range tests {
		cfg := source.Config{Options: map[string]string{source.OptionConnectTimeout: tt.option}}
		require.Equal(t, float64(tt.want), cfg.ConnectTimeout().Seconds(), tt.option)
	}
}
