package execution

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/source/mysql"
	"github.com/dbackup/dbackup/internal/source/postgres"
	"github.com/dbackup/dbackup/internal/source/redis"
	"github.com/dbackup/dbackup/internal/source/sqlite"
)

func TestAuthTailHoldsBackUntilFinish(t *testing.T) {
	errTag := errors.New("tag mismatch")
	for _, size := range []int{0, 1, legacyHoldBack - 1, legacyHoldBack, legacyHoldBack + 1, 3*legacyHoldBack + 12345} {
		data := bytes.Repeat([]byte("0123456789abcdef"), size/16+1)[:size]

		// A good tag: everything comes out, in order.
		finished := false
		a := &authTail{r: iotest.HalfReader(bytes.NewReader(data)), finish: func() error { finished = true; return nil }}
		got, err := io.ReadAll(a)
		require.NoError(t, err, size)
		require.True(t, finished)
		require.Equal(t, data, got, size)

		// A bad tag: the last legacyHoldBack bytes never come out, and the error does.
		a = &authTail{r: bytes.NewReader(data), finish: func() error { return errTag }}
		got, err = io.ReadAll(a)
		require.ErrorIs(t, err, errTag, size)
		require.Equal(t, data[:max(0, size-legacyHoldBack)], got, size)
	}
}

func TestLegacyFormat(t *testing.T) {
	tests := []struct {
		engine, head, want string
	}{
		{"postgres", "PGDMP\x01\x0e", postgres.FormatCustom},
		{"postgres", "--\n-- PostgreSQL database dump\n", postgres.FormatPlain},
		{"postgres", "", postgres.FormatPlain},
		{"mysql", "-- MySQL dump", mysql.Format},
		{"mariadb", "-- MariaDB dump", mysql.Format},
		{"sqlite", "SQLite format 3\x00", sqlite.Format},
		{"sqlite", "PRAGMA foreign_keys", ""},
		{"redis", "REDIS0011", redis.FormatRDB},
		{"mongodb", "\x6d\xe2\x99\x81", ""},
		{"mssql", "", ""},
	}
	for _, tt := range tests {
		got, err := legacyFormat(tt.engine, []byte(tt.head))
		if tt.want == "" {
			require.Equal(t, CodeNotSupported, codeOf(err), tt.engine)
			require.ErrorContains(t, err, "dbackup decrypt")
			continue
		}
		require.NoError(t, err, tt.engine)
		require.Equal(t, tt.want, got, tt.engine)
	}
}
