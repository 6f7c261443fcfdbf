package mysql

import (
	"context"
	"fmt"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
)

// TestClassify covers the error numbers the local server cannot produce on demand, using the
// driver's own error type.
func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want connerr.Kind
	}{
		{"1045 access denied", &mysql.MySQLError{Number: 1045}, connerr.Auth},
		{"1698 no password", &mysql.MySQLError{Number: 1698}, connerr.Auth},
		{"1130 host not allowed", &mysql.MySQLError{Number: 1130}, connerr.Auth},
		{"1049 unknown database", &mysql.MySQLError{Number: 1049}, connerr.NotFound},
		{"1044 database access denied", &mysql.MySQLError{Number: 1044}, connerr.Permission},
		{"1142 table access denied", &mysql.MySQLError{Number: 1142}, connerr.Permission},
		{"3159 secure transport required", &mysql.MySQLError{Number: 3159}, connerr.TLS},
		{"1040 too many connections", &mysql.MySQLError{Number: 1040}, connerr.Other},
		{"no TLS", mysql.ErrNoTLS, connerr.TLS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := fmt.Errorf("connect: %w", tt.err)
			got := source.Classify(context.Background(), "connect to mysql h:3306", err, classify)
			require.Equal(t, tt.want, connerr.KindOf(got))
			require.ErrorIs(t, got, tt.err)
		})
	}
}

func TestProduct(t *testing.T) {
	tests := []struct{ version, want string }{
		{"8.0.36", "MySQL"},
		{"8.4.2-commercial", "MySQL"},
		{"10.11.19-MariaDB-0+deb12u1", "MariaDB"},
		{"11.4.3-MariaDB", "MariaDB"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, product(tt.version), tt.version)
	}
}
