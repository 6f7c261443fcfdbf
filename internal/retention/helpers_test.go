package retention_test

import (
	"fmt"
	"testing"
	"time"
	_ "time/tzdata" // The zone tests must not depend on the host's zoneinfo.

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/retention"
)

// at parses an RFC 3339 time and fails the test on a typo.
func at(t testing.TB, s string) time.Time {
	t.Helper()
	ts, err := time.Parse(time.RFC3339, s)
	require.NoError(t, err)
	return ts
}

func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

// ok is a successful, unlocked backup.
func ok(t testing.TB, id, ts string) retention.Item {
	return retention.Item{ID: id, Time: at(t, ts), Successful: true}
}

// failed is an unsuccessful, unlocked backup.
func failed(t testing.TB, id, ts string) retention.Item {
	return retention.Item{ID: id, Time: at(t, ts)}
}

func locked(it retention.Item) retention.Item {
	it.Locked = true
	return it
}

// keptIDs lists the kept items' IDs in decision order.
func keptIDs(ds []retention.Decision) []string {
	ids := []string{}
	for _, d := range ds {
		if d.Keep {
			ids = append(ids, d.Item.ID)
		}
	}
	return ids
}

// reasonsByID maps every item's ID to its reasons.
func reasonsByID(ds []retention.Decision) map[string][]string {
	m := make(map[string][]string, len(ds))
	for _, d := range ds {
		m[d.Item.ID] = d.Reasons
	}
	return m
}

// days returns n successful backups at 02:00 UTC on the n days ending with last, newest
// first, with IDs "d00" (newest), "d01", ….
func days(t testing.TB, last string, n int) []retention.Item {
	end := at(t, last+"T02:00:00Z")
	items := make([]retention.Item, n)
	for i := range items {
		items[i] = retention.Item{ID: idN("d", i), Time: end.AddDate(0, 0, -i), Successful: true}
	}
	return items
}

func idN(prefix string, i int) string {
	return fmt.Sprintf("%s%02d", prefix, i)
}
