package system

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// fakeDB is a Database whose answers the test sets.
type fakeDB struct {
	pingErr error
	version string
}

func (f *fakeDB) Ping(context.Context) error                    { return f.pingErr }
func (f *fakeDB) SchemaVersion(context.Context) (string, error) { return f.version, nil }

func TestStatus(t *testing.T) {
	started := time.Date(2026, 11, 27, 20, 0, 0, 0, time.FixedZone("CET", 3600))
	db := &fakeDB{version: "20261127210421"}
	s := New("v1.0.0", started, SQLite, db)

	st := s.Status(context.Background())
	require.Equal(t, "v1.0.0", st.Version)
	require.Equal(t, started.UTC(), st.StartedAt)
	require.Equal(t, DatabaseStatus{Dialect: SQLite, Reachable: true, SchemaVersion: "20261127210421"}, st.Database)

	db.pingErr = errors.New("connection refused")
	st = s.Status(context.Background())
	require.False(t, st.Database.Reachable)
	require.Equal(t, "connection refused", st.Database.Error)
}

func TestWatchSendsAtOnceAndStopsWithContext(t *testing.T) {
	s := New("v1", time.Now(), Postgres, &fakeDB{version: "1"})
	ctx, cancel := context.WithCancel(context.Background())
	ch := s.Watch(ctx, time.Hour)
	select {
	case st := <-ch:
		require.Equal(t, Postgres, st.Database.Dialect)
	case <-time.After(5 * time.Second):
		t.Fatal("no status sent at once")
	}
	cancel()
	for range ch { // drains until the watcher closes the channel
	}
}

func TestDialectGQL(t *testing.T) {
	var d Dialect
	require.NoError(t, d.UnmarshalGQL("POSTGRES"))
	require.Equal(t, Postgres, d)
	require.Error(t, d.UnmarshalGQL("ORACLE"))
	require.Error(t, d.UnmarshalGQL(1))
}
