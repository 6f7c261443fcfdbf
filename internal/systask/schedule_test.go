package systask

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/testutil/entdb"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// recordingQueue remembers what was queued.
type recordingQueue struct {
	mu  sync.Mutex
	got []time.Time
}

func (q *recordingQueue) EnqueueSystemTask(_ context.Context, task string, at time.Time) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.got = append(q.got, at)
	return nil
}

// TestTickClaimsEachInstantOnce runs the scheduler of two nodes over one database at once:
// exactly one queues the due instant, and the next instant is after now.
func TestTickClaimsEachInstantOnce(t *testing.T) {
	ctx := viewer.SystemContext(context.Background())
	c := entdb.Open(t)
	dest := c.Destination.Create().SetName("disk").SetKind("local").SetSettings(map[string]any{"path": t.TempDir()}).SaveX(ctx)
	k, err := vault.GenerateKey()
	require.NoError(t, err)
	prof := c.EncryptionProfile.Create().SetName("p").SetKey(k.Reveal()).SetKeyID(vault.KeyID(k)).SaveX(ctx)

	now := time.Date(2026, 12, 8, 10, 15, 0, 0, time.UTC)
	var clockMu sync.Mutex
	clock := func() time.Time { clockMu.Lock(); defer clockMu.Unlock(); return now }
	nodes := make([]*Service, 2)
	queues := make([]*recordingQueue, 2)
	for i := range nodes {
		nodes[i] = New(c, nil, nil, Config{Now: clock})
		queues[i] = &recordingQueue{}
		nodes[i].SetQueue(queues[i])
	}
	st, err := nodes[0].Update(ctx, ConfigBackup, Input{Enabled: true, Schedule: "0 * * * *", Timezone: "UTC",
		DestinationID: dest.ID, ProfileID: prof.ID, KeepLast: 3})
	require.NoError(t, err)
	require.Equal(t, time.Date(2026, 12, 8, 11, 0, 0, 0, time.UTC), *st.NextRunAt)

	fired, err := nodes[1].Tick(ctx)
	require.NoError(t, err)
	require.Zero(t, fired, "not due yet")

	clockMu.Lock()
	now = time.Date(2026, 12, 8, 11, 0, 5, 0, time.UTC)
	clockMu.Unlock()
	var wg sync.WaitGroup
	counts := make([]int, len(nodes))
	for i, n := range nodes {
		wg.Go(func() {
			var err error
			counts[i], err = n.Tick(ctx)
			require.NoError(t, err)
		})
	}
	wg.Wait()
	require.Equal(t, 1, counts[0]+counts[1], "one node claims the instant")
	all := append(append([]time.Time{}, queues[0].got...), queues[1].got...)
	require.Equal(t, []time.Time{time.Date(2026, 12, 8, 11, 0, 0, 0, time.UTC)}, all)
	st, err = nodes[0].Get(ctx, ConfigBackup)
	require.NoError(t, err)
	require.Equal(t, time.Date(2026, 12, 8, 12, 0, 0, 0, time.UTC), *st.NextRunAt)

	for _, n := range nodes {
		fired, err := n.Tick(ctx)
		require.NoError(t, err)
		require.Zero(t, fired, "the instant is claimed already")
	}
	// The other task was never enabled; it is left alone.
	sys, err := nodes[0].Get(ctx, SystemBackup)
	require.NoError(t, err)
	require.False(t, sys.Enabled)
	require.Nil(t, sys.NextRunAt)
}

func TestUpdateRefusesBadFields(t *testing.T) {
	ctx := viewer.SystemContext(context.Background())
	s := New(entdb.Open(t), nil, nil, Config{})
	for _, tt := range []struct {
		field string
		in    Input
	}{
		{"schedule", Input{Schedule: "nope", Timezone: "UTC", KeepLast: 1}},
		{"timezone", Input{Schedule: "0 3 * * *", Timezone: "Nowhere/City", KeepLast: 1}},
		{"keepLast", Input{Schedule: "0 3 * * *", Timezone: "UTC"}},
		{"destinationId", Input{Enabled: true, Schedule: "0 3 * * *", Timezone: "UTC", KeepLast: 1}},
		{"destinationId", Input{Schedule: "0 3 * * *", Timezone: "UTC", KeepLast: 1, DestinationID: "dst_missing"}},
	} {
		_, err := s.Update(ctx, ConfigBackup, tt.in)
		var fe *FieldError
		require.ErrorAs(t, err, &fe, tt.field)
		require.Equal(t, tt.field, fe.Field)
	}
	_, err := s.Update(ctx, Kind("NOPE"), Input{})
	require.ErrorIs(t, err, ErrUnknownTask)
}
