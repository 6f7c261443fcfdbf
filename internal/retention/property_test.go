package retention_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/retention"
)

// TestPlanProperties checks Plan on random inputs against the invariants and against a
// naive reimplementation of the rules written from docs/retention.md.
func TestPlanProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 12))
	zones := []*time.Location{time.UTC, zone(t, "Europe/Berlin"), zone(t, "America/New_York"), zone(t, "Pacific/Auckland"), zone(t, "Asia/Kolkata")}
	base := at(t, now)
	for iter := range 500 {
		items := randomItems(rng, base)
		p := retention.Policy{}
		if rng.IntN(10) > 0 {
			p = retention.Policy{KeepLast: rng.IntN(6), KeepDays: rng.IntN(6), Daily: rng.IntN(8), Weekly: rng.IntN(5), Monthly: rng.IntN(5), Yearly: rng.IntN(3)}
		}
		loc := zones[rng.IntN(len(zones))]
		nowT := base.Add(time.Duration(rng.IntN(48)) * time.Hour)
		msg := fmt.Sprintf("iteration %d, policy %+v, zone %s", iter, p, loc)

		ds := retention.Plan(items, p, loc, nowT)

		require.Len(t, ds, len(items), msg)
		var gotIDs, inIDs []string
		for _, d := range ds {
			gotIDs = append(gotIDs, d.Item.ID)
		}
		for _, it := range items {
			inIDs = append(inIDs, it.ID)
		}
		require.ElementsMatch(t, inIDs, gotIDs, msg)
		for i := 1; i < len(ds); i++ {
			a, b := ds[i-1].Item, ds[i].Item
			require.True(t, a.Time.After(b.Time) || a.Time.Equal(b.Time) && a.ID > b.ID, "%s: not newest first at %d", msg, i)
		}

		want := oracle(ds, p, loc, nowT)
		successful := 0
		for i, d := range ds {
			require.Equal(t, want[i], d.Keep, "%s: item %d %+v reasons %v", msg, i, d.Item, d.Reasons)
			require.NotEmpty(t, d.Reasons, msg)
			if !d.Keep {
				require.Len(t, d.Reasons, 1, msg)
			}
			if d.Item.Locked || p.IsZero() {
				require.True(t, d.Keep, msg)
			}
			if d.Item.Successful {
				if successful == 0 || successful < p.KeepLast {
					require.True(t, d.Keep, "%s: newest or one of the last %d successful deleted", msg, p.KeepLast)
				}
				successful++
			}
		}

		del := retention.ToDelete(ds)
		keep, n := retention.Summary(ds)
		require.Len(t, del, n, msg)
		require.Equal(t, len(items), keep+n, msg)
		input := make(map[retention.Item]bool, len(items))
		for _, it := range items {
			input[it] = true
		}
		for _, it := range del {
			require.True(t, input[it], "%s: deleted %+v is not an input item", msg, it)
			require.False(t, it.Locked, msg)
		}
	}
}

// randomItems makes up to 60 backups over three years before base and a day after it, with
// clustered times so that ties and several backups a day are common.
func randomItems(rng *rand.Rand, base time.Time) []retention.Item {
	items := make([]retention.Item, rng.IntN(61))
	for i := range items {
		var at time.Time
		switch rng.IntN(3) {
		case 0:
			at = base.Add(-time.Duration(rng.IntN(3*365*24)) * time.Hour)
		case 1:
			at = base.Add(-time.Duration(rng.IntN(20*24*4)) * 15 * time.Minute)
		default:
			at = base.Add(time.Duration(rng.IntN(24)-12) * time.Hour) // around now, some after it
		}
		items[i] = retention.Item{
			ID:         fmt.Sprintf("%03d", rng.IntN(1000)) + fmt.Sprint(i), // unique, unordered
			Time:       at,
			Successful: rng.IntN(4) > 0,
			Locked:     rng.IntN(15) == 0,
		}
	}
	return items
}

// oracle decides each of ds's items (already newest first) the slow, obvious way.
func oracle(ds []retention.Decision, p retention.Policy, loc *time.Location, now time.Time) []bool {
	keep := make([]bool, len(ds))
	var good []int // indexes of successful items, newest first
	for i, d := range ds {
		if d.Item.Successful {
			good = append(good, i)
		}
	}
	for i, d := range ds {
		keep[i] = p.IsZero() || d.Item.Locked
	}
	if len(good) > 0 {
		keep[good[0]] = true
	}
	for j := 0; j < len(good) && j < p.KeepLast; j++ {
		keep[good[j]] = true
	}
	if p.KeepDays > 0 {
		y, m, d := now.In(loc).Date()
		first := time.Date(y, m, d-(p.KeepDays-1), 12, 0, 0, 0, time.UTC).Format(time.DateOnly)
		for i, dd := range ds {
			if dd.Item.Time.In(loc).Format(time.DateOnly) >= first {
				keep[i] = true
			}
		}
	}
	rules := []struct {
		n   int
		key func(time.Time) string
	}{
		{p.Daily, func(t time.Time) string { return t.Format(time.DateOnly) }},
		{p.Weekly, func(t time.Time) string { y, w := t.ISOWeek(); return fmt.Sprintf("%d-%02d", y, w) }},
		{p.Monthly, func(t time.Time) string { return t.Format("2006-01") }},
		{p.Yearly, func(t time.Time) string { return t.Format("2006") }},
	}
	for _, r := range rules {
		var keys []string
		newest := map[string]int{}
		for _, i := range good {
			k := r.key(ds[i].Item.Time.In(loc))
			if _, seen := newest[k]; !seen {
				newest[k] = i
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		slices.Reverse(keys)
		for j := 0; j < len(keys) && j < r.n; j++ {
			keep[newest[keys[j]]] = true
		}
	}
	return keep
}
