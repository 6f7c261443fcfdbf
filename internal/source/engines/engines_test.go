package engines_test

import (
	"errors"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/source/engines"
)

func TestAllEngines(t *testing.T) {
	var names []string
	for _, e := range engines.All() {
		names = append(names, e.Engine.Name)
	}
	// The ent schema's engine enum.
	require.Equal(t, []string{"postgres", "mysql", "mariadb", "mongodb", "sqlite", "redis"}, names)
}

func TestFieldSpecsAreWellFormed(t *testing.T) {
	types := []source.FieldType{source.FieldString, source.FieldInt, source.FieldBool, source.FieldSecret,
		source.FieldEnum, source.FieldText, source.FieldPath}
	for _, e := range engines.All() {
		t.Run(e.Engine.Name, func(t *testing.T) {
			require.NotEmpty(t, e.Engine.Label)
			require.NotNil(t, e.Open)
			seen := map[string]bool{}
			for _, f := range e.Engine.Fields {
				require.False(t, seen[f.Name], "field %s twice", f.Name)
				seen[f.Name] = true
				require.NotEmpty(t, f.Label, f.Name)
				require.NotEmpty(t, f.Help, f.Name)
				require.Contains(t, types, f.Type, f.Name)
				if f.Type == source.FieldEnum {
					require.NotEmpty(t, f.Options, f.Name)
					require.Contains(t, f.Options, f.Default, f.Name)
				} else {
					require.Empty(t, f.Options, f.Name)
				}
			}
			if e.Engine.DefaultPort != 0 {
				port, ok := e.Engine.Field(source.FieldPort)
				require.True(t, ok)
				require.Equal(t, strconv.Itoa(e.Engine.DefaultPort), port.Default)
			}
		})
	}
}

// TestOpenDefaults opens every engine with its form's defaults and a host or path: a form
// submitted as the web interface first shows it must be valid. Opening does not connect.
func TestOpenDefaults(t *testing.T) {
	for _, e := range engines.All() {
		t.Run(e.Engine.Name, func(t *testing.T) {
			cfg := defaults(e.Engine)
			s, err := engines.Open(cfg)
			require.NoError(t, err)
			require.NoError(t, s.Close())
		})
	}
}

// defaults fills a Config from the engine's field defaults, plus a host or file path.
func defaults(e source.Engine) source.Config {
	cfg := source.Config{Engine: e.Name, Options: map[string]string{}}
	for _, f := range e.Fields {
		switch f.Name {
		case source.FieldHost:
			cfg.Host = "db.example.com"
		case source.FieldPort:
			cfg.Port, _ = strconv.Atoi(f.Default)
		case source.FieldUsername:
			cfg.Username = f.Default
		case source.FieldDatabase:
			cfg.Database = f.Default
			if f.Type == source.FieldPath {
				cfg.Database = "/var/lib/app/app.db"
			}
		case source.FieldTLSMode:
			cfg.TLSMode = f.Default
		case source.FieldPassword, source.FieldTLSCACert, source.FieldTLSClientCert, source.FieldTLSClientKey:
		default:
			cfg.Options[f.Name] = f.Default
		}
	}
	return cfg
}

func TestOpenRejectsInvalidConfigs(t *testing.T) {
	network := []string{"postgres", "mysql", "mariadb", "mongodb", "redis"}
	tests := []struct {
		name   string
		change func(*source.Config)
		wantOp string
	}{
		{"no host", func(c *source.Config) { c.Host = "" }, source.FieldHost},
		{"port out of range", func(c *source.Config) { c.Port = 70000 }, source.FieldPort},
		{"unknown TLS mode", func(c *source.Config) { c.TLSMode = "always" }, source.FieldTLSMode},
		{"CA that is not PEM", func(c *source.Config) { c.TLSMode, c.TLSCACert = source.TLSVerifyCA, "not a certificate" }, source.FieldTLSCACert},
		{"client certificate without key", func(c *source.Config) { c.TLSMode, c.TLSClientCert = source.TLSRequire, "cert" }, source.FieldTLSClientKey},
		{"connect timeout not a number", func(c *source.Config) { c.Options[source.OptionConnectTimeout] = "soon" }, source.OptionConnectTimeout},
		{"unknown option", func(c *source.Config) { c.Options["compress"] = "true" }, "compress"},
	}
	for _, name := range network {
		e, ok := engines.Lookup(name)
		require.True(t, ok)
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				cfg := defaults(e.Engine)
				tt.change(&cfg)
				_, err := e.Open(cfg)
				var ce *connerr.Error
				require.True(t, errors.As(err, &ce), "got %v", err)
				require.Equal(t, connerr.Config, ce.Kind)
				require.Equal(t, tt.wantOp, ce.Op)
				require.NotEmpty(t, ce.Hint)
			})
		}
	}
}

func TestOpenUnknownEngine(t *testing.T) {
	_, err := engines.Open(source.Config{Engine: "oracle"})
	var ce *connerr.Error
	require.True(t, errors.As(err, &ce))
	require.Equal(t, connerr.Config, ce.Kind)
	require.Equal(t, "engine", ce.Op)
}

func TestAdapterRejectsAnotherEngine(t *testing.T) {
	for _, e := range engines.All() {
		t.Run(e.Engine.Name, func(t *testing.T) {
			cfg := defaults(e.Engine)
			cfg.Engine = "oracle"
			_, err := e.Open(cfg)
			var ce *connerr.Error
			require.True(t, errors.As(err, &ce))
			require.Equal(t, "engine", ce.Op)
		})
	}
}
