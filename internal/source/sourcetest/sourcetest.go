package sourcetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
)

// SystemDatabases are the names no ListDatabases may return: the servers' own catalogues and
// templates, which are not backed up as user data. Add an engine's names when it arrives.
var SystemDatabases = []string{
	"template0", "template1", // PostgreSQL
	"information_schema", "performance_schema", "mysql", "sys", // MySQL and MariaDB
	"admin", "local", "config", // MongoDB
}

// opTimeout bounds every call the suite makes to a local server.
const opTimeout = 30 * time.Second

// fastFail is how quickly a call with a cancelled context must return: far below any network
// timeout, so that a driver that ignores the context fails the suite.
const fastFail = time.Second

// Run checks the Source contract. open returns a new, unused Source on every call; the suite
// closes each one when its subtest ends. wantDB is a database the caller created, which
// ListDatabases must return.
func Run(t *testing.T, open func(t *testing.T) source.Source, wantDB string) {
	t.Helper()
	newSource := func(t *testing.T) source.Source {
		s := open(t)
		require.NotNil(t, s)
		t.Cleanup(func() { _ = s.Close() })
		return s
	}

	t.Run("Test", func(t *testing.T) {
		s := newSource(t)
		for range 2 { // the second call reuses what the first connected
			info, err := s.Test(ctxFor(t))
			require.NoError(t, err)
			require.NotEmpty(t, info.Version)
			require.Positive(t, info.Latency)
			require.Less(t, info.Latency, opTimeout)
		}
	})

	t.Run("ListDatabases", func(t *testing.T) {
		dbs, err := newSource(t).ListDatabases(ctxFor(t))
		require.NoError(t, err)
		var names []string
		for _, db := range dbs {
			require.NotEmpty(t, db.Name)
			require.GreaterOrEqual(t, db.SizeBytes, int64(-1), "database %s", db.Name)
			require.NotContains(t, SystemDatabases, db.Name, "system database listed")
			require.NotContains(t, names, db.Name, "database listed twice")
			names = append(names, db.Name)
		}
		require.Contains(t, names, wantDB)
	})

	t.Run("Close", func(t *testing.T) {
		s := newSource(t)
		_, err := s.Test(ctxFor(t))
		require.NoError(t, err)
		require.NoError(t, s.Close())
		_, err = s.Test(ctxFor(t))
		require.Error(t, err, "Test after Close")
	})

	t.Run("CancelledContext", func(t *testing.T) {
		cancelled, cancel := context.WithCancel(context.Background())
		cancel()
		fresh := newSource(t)
		used := newSource(t)
		_, err := used.Test(ctxFor(t))
		require.NoError(t, err)
		for _, s := range []source.Source{fresh, used} {
			requireCancelled(t, func() error { _, err := s.Test(cancelled); return err })
			requireCancelled(t, func() error { _, err := s.ListDatabases(cancelled); return err })
		}
	})
}

func requireCancelled(t *testing.T, call func() error) {
	t.Helper()
	start := time.Now()
	err := call()
	require.Less(t, time.Since(start), fastFail, "a cancelled context must fail fast")
	require.Error(t, err)
	require.True(t, errors.Is(err, context.Canceled), "want context.Canceled in the chain, got %v", err)
	var ce *connerr.Error
	require.True(t, errors.As(err, &ce), "want a *connerr.Error, got %T", err)
}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	t.Cleanup(cancel)
	return ctx
}

// RequireKind asserts that err is a *connerr.Error of kind want and that its message contains
// none of secrets, which engines' failure tests pass their passwords and keys as.
func RequireKind(t testing.TB, err error, want connerr.Kind, secrets ...string) {
	t.Helper()
	require.Error(t, err)
	var ce *connerr.Error
	require.True(t, errors.As(err, &ce), "want a *connerr.Error, got %T: %v", err, err)
	require.Equal(t, want, ce.Kind, "error: %v", err)
	require.NotEmpty(t, ce.Op)
	require.NotEmpty(t, ce.Hint, "every classified failure says how to fix it")
	for _, s := range secrets {
		if s != "" {
			require.NotContains(t, err.Error(), s, "secret leaked into the error message")
		}
	}
}
