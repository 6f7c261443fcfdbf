package redis

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/source"
)

func TestKeyspaceDatabases(t *testing.T) {
	tests := []struct {
		name string
		info string
		want []source.Database
	}{
		{"empty server", "# Keyspace\r\n", []source.Database{}},
		{"numeric order", "# Keyspace\r\ndb10:keys=1,expires=0,avg_ttl=0\r\ndb3:keys=2,expires=0,avg_ttl=0\r\ndb0:keys=5,expires=1,avg_ttl=9\r\n",
			[]source.Database{{Name: "db0", SizeBytes: -1}, {Name: "db3", SizeBytes: -1}, {Name: "db10", SizeBytes: -1}}},
		{"other lines ignored", "# Keyspace\r\ndbx:keys=1\r\nfoo:bar\r\ndb1:keys=1\r\n", []source.Database{{Name: "db1", SizeBytes: -1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, keyspaceDatabases(tt.info))
		})
	}
}

func TestVersion(t *testing.T) {
	tests := []struct{ name, info, want string }{
		{"redis", "# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n", "Redis 7.0.15"},
		{"valkey", "# Server\r\nredis_version:7.2.4\r\nserver_name:valkey\r\nvalkey_version:8.0.1\r\n", "Valkey 8.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, version(tt.info))
		})
	}
}
