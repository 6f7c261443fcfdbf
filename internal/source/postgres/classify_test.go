package postgres

import (
	"context"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
)

// TestClassify covers the SQLSTATEs the local server cannot produce on demand (it trusts
// 127.0.0.1, so it never rejects a password), using the driver's own error type.
func TestClassify(t *testing.T) {
	tests := []struct {
		code string
		want connerr.Kind
	}{
		{"28P01", connerr.Auth},
		{"28000", connerr.Auth},
		{"3D000", connerr.NotFound},
		{"42501", connerr.Permission},
		{"57P03", connerr.Unreachable},
		{"53300", connerr.Other},
		{"XX000", connerr.Other},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			err := fmt.Errorf("connect: %w", &pgconn.PgError{Severity: "FATAL", Code: tt.code, Message: "m"})
			got := source.Classify(context.Background(), "connect to postgres h:5432", err, classify)
			require.Equal(t, tt.want, connerr.KindOf(got))
			require.ErrorIs(t, got, err)
		})
	}
}
