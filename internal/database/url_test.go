package database

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/system"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		name    string
		raw     string
		dialect system.Dialect
		path    string
		errHas  string
	}{
		{name: "default", raw: DefaultURL, dialect: system.SQLite, path: "data/dbackup.db"},
		{name: "absolute sqlite", raw: "sqlite:///var/lib/dbackup/db.sqlite", dialect: system.SQLite, path: "/var/lib/dbackup/db.sqlite"},
		{name: "postgres", raw: "postgres://u:p@localhost:5432/dbackup?sslmode=disable", dialect: system.Postgres},
		{name: "postgresql scheme", raw: "postgresql://localhost/dbackup", dialect: system.Postgres},
		{name: "empty", raw: " ", errHas: "empty"},
		{name: "no scheme", raw: "./data/dbackup.db", errHas: "missing scheme"},
		{name: "mysql", raw: "mysql://root@localhost/x", errHas: `unsupported scheme "mysql"`},
		{name: "sqlite options", raw: "sqlite://x.db?_pragma=foo", errHas: "take no options"},
		{name: "sqlite folder", raw: "sqlite://./data/", errHas: "missing the database file name"},
		{name: "sqlite memory", raw: "sqlite://:memory:", errHas: "in-memory"},
		{name: "bad postgres", raw: "postgres://u:p@host:notaport/db", errHas: "not a valid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := ParseURL(tt.raw)
			if tt.errHas != "" {
				require.ErrorContains(t, err, tt.errHas)
				require.ErrorContains(t, err, "sqlite://", "the error shows the accepted forms")
				require.NotContains(t, err.Error(), ":p@", "the error never repeats a password")
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.dialect, cfg.Dialect)
			require.Equal(t, tt.path, cfg.Path)
		})
	}
}
