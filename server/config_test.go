package server

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestConfigValidate(t *testing.T) {
	ok := Config{DataDir: "./data", Listen: ":3000"}
	tests := []struct {
		name    string
		mutate  func(*Config)
		wantVar string
		wantHas string
	}{
		{name: "defaults"},
		{name: "postgres", mutate: func(c *Config) { c.DatabaseURL = "postgres://u:secret@db:5432/dbackup" }},
		{name: "bad database url", mutate: func(c *Config) { c.DatabaseURL = "postgres://u:secret@db:notaport/x" }, wantVar: "DATABASE_URL", wantHas: "postgres://USER"},
		{name: "unknown scheme", mutate: func(c *Config) { c.DatabaseURL = "mongodb://u:secret@db" }, wantVar: "DATABASE_URL", wantHas: "unsupported scheme"},
		{name: "listen without port", mutate: func(c *Config) { c.Listen = "localhost" }, wantVar: "LISTEN", wantHas: "such as :3000"},
		{name: "listen bad port", mutate: func(c *Config) { c.Listen = ":99999" }, wantVar: "LISTEN", wantHas: "0 to 65535"},
		{name: "base url without scheme", mutate: func(c *Config) { c.BaseURL = "backup.example.com" }, wantVar: "BASE_URL", wantHas: "https://backup.example.com"},
		{name: "empty data dir", mutate: func(c *Config) { c.DataDir = "" }, wantVar: "DATA_DIR", wantHas: "writable folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			if tt.mutate != nil {
				tt.mutate(&c)
			}
			_, err := c.Validate()
			if tt.wantVar == "" {
				require.NoError(t, err)
				return
			}
			var ce *ConfigError
			require.True(t, errors.As(err, &ce), "want *ConfigError, got %v", err)
			require.Equal(t, tt.wantVar, ce.Var)
			msg := err.Error()
			require.True(t, strings.HasPrefix(msg, tt.wantVar), msg)
			require.Contains(t, msg, tt.wantHas)
			require.NotContains(t, msg, "secret", "a password never reaches an error")
			require.NotContains(t, msg, "\n")
		})
	}
}

func TestDefaultDatabaseFollowsDataDir(t *testing.T) {
	c := Config{DataDir: "/var/lib/dbackup", Listen: ":3000"}
	dbc, err := c.Validate()
	require.NoError(t, err)
	require.Equal(t, "/var/lib/dbackup/dbackup.db", dbc.Path)
}

func TestPrepareDataDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "data")
	require.NoError(t, prepareDataDir(dir))
	require.DirExists(t, dir)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Empty(t, entries, "the write test leaves nothing behind")

	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	err = prepareDataDir(filepath.Join(file, "data"))
	var ce *ConfigError
	require.True(t, errors.As(err, &ce))
	require.Equal(t, "DATA_DIR", ce.Var)
	require.Contains(t, err.Error(), "not a writable folder")
}
