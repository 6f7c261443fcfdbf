package retention_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/retention"
)

// now is a Monday evening; the items of most tests are daily backups up to it.
const now = "2026-12-07T22:00:00Z"

func TestPlanSingleRules(t *testing.T) {
	tests := []struct {
		name  string
		items []retention.Item
		p     retention.Policy
		loc   string
		want  []string
	}{
		{"zero policy keeps everything", []retention.Item{ok(t, "a", "2020-01-01T00:00:00Z"), failed(t, "b", "2021-01-01T00:00:00Z"), ok(t, "c", "2026-12-07T00:00:00Z")},
			retention.Policy{}, "UTC", []string{"c", "b", "a"}},
		{"keep last 3", days(t, "2026-12-07", 10), retention.Policy{KeepLast: 3}, "UTC", []string{"d00", "d01", "d02"}},
		{"keep last more than there are", days(t, "2026-12-07", 3), retention.Policy{KeepLast: 10}, "UTC", []string{"d00", "d01", "d02"}},
		{"keep last skips unsuccessful", []retention.Item{failed(t, "f", "2026-12-07T03:00:00Z"), ok(t, "a", "2026-12-06T03:00:00Z"), failed(t, "g", "2026-12-05T03:00:00Z"), ok(t, "b", "2026-12-04T03:00:00Z"), ok(t, "c", "2026-12-03T03:00:00Z")},
			retention.Policy{KeepLast: 2}, "UTC", []string{"a", "b"}},
		{"keep 3 calendar days, today included", days(t, "2026-12-07", 10), retention.Policy{KeepDays: 3}, "UTC", []string{"d00", "d01", "d02"}},
		{"keep days counts calendar days, not 24h periods", []retention.Item{ok(t, "a", "2026-12-07T21:00:00Z"), ok(t, "b", "2026-12-06T00:00:00Z"), ok(t, "c", "2026-12-05T23:59:59Z")},
			retention.Policy{KeepDays: 2}, "UTC", []string{"a", "b"}},
		{"keep days in the job's zone", []retention.Item{ok(t, "a", "2026-12-06T12:00:00Z"), ok(t, "b", "2026-12-05T23:30:00Z"), ok(t, "c", "2026-12-05T22:30:00Z")},
			retention.Policy{KeepDays: 2}, "Europe/Berlin", []string{"a", "b"}}, // b is 00:30 on the 6th in Berlin
		{"keep days keeps unsuccessful backups too", []retention.Item{ok(t, "a", "2026-12-07T03:00:00Z"), failed(t, "f", "2026-12-06T03:00:00Z"), failed(t, "g", "2026-12-01T03:00:00Z")},
			retention.Policy{KeepDays: 2}, "UTC", []string{"a", "f"}},
		{"keep days keeps backups dated after now", []retention.Item{ok(t, "future", "2026-12-09T00:00:00Z"), ok(t, "a", "2026-12-01T00:00:00Z")},
			retention.Policy{KeepDays: 1}, "UTC", []string{"future"}},
		{"daily 3", days(t, "2026-12-07", 10), retention.Policy{Daily: 3}, "UTC", []string{"d00", "d01", "d02"}},
		{"weekly 2", days(t, "2026-12-07", 14), retention.Policy{Weekly: 2}, "UTC", []string{"d00", "d01"}}, // d00 is Monday (W50), d01 Sunday (W49)
		{"monthly 2", days(t, "2026-12-07", 40), retention.Policy{Monthly: 2}, "UTC", []string{"d00", "d07"}},
		{"yearly 1", days(t, "2026-12-07", 400), retention.Policy{Yearly: 1}, "UTC", []string{"d00"}},
		{"yearly 3 with two years present", days(t, "2026-12-07", 400), retention.Policy{Yearly: 3}, "UTC", []string{"d00", "d341"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := retention.Plan(tt.items, tt.p, zone(t, tt.loc), at(t, now))
			require.Len(t, ds, len(tt.items))
			require.Equal(t, tt.want, keptIDs(ds))
		})
	}
}

func TestPlanReasons(t *testing.T) {
	items := append(days(t, "2026-12-07", 40),
		failed(t, "fail", "2026-12-07T12:00:00Z"),
		locked(ok(t, "old", "2020-06-01T00:00:00Z")),
		ok(t, "y2021", "2021-06-01T00:00:00Z"),
		ok(t, "gone", "2021-03-01T00:00:00Z"),
	)
	p := retention.Policy{KeepLast: 2, KeepDays: 2, Daily: 3, Weekly: 2, Monthly: 3, Yearly: 2}
	ds := retention.Plan(items, p, time.UTC, at(t, now))

	r := reasonsByID(ds)
	require.Equal(t, []string{"within 2 days"}, r["fail"])
	require.Equal(t, []string{"newest successful backup", "last 2", "within 2 days", "daily 2026-12-07", "weekly 2026-W50", "monthly 2026-12", "yearly 2026"}, r["d00"])
	require.Equal(t, []string{"last 2", "within 2 days", "daily 2026-12-06", "weekly 2026-W49"}, r["d01"])
	require.Equal(t, []string{"daily 2026-12-05"}, r["d02"])
	require.Equal(t, []string{"monthly 2026-11"}, r["d07"])
	require.Equal(t, []string{"monthly 2026-10"}, r["d37"])
	require.Equal(t, []string{"yearly 2021"}, r["y2021"])
	require.Equal(t, []string{"locked"}, r["old"], "2026 and 2021 are the two newest years with a backup")
	require.Equal(t, []string{"not kept by any rule"}, r["d03"])
	require.Equal(t, []string{"not kept by any rule"}, r["gone"])

	require.Equal(t, []string{"fail", "d00", "d01", "d02", "d07", "d37", "y2021", "old"}, keptIDs(ds))
}

func TestPlanUnionOfRules(t *testing.T) {
	items := days(t, "2026-12-07", 60)
	tests := []struct {
		name string
		p    retention.Policy
		want []string
	}{
		{"last and daily overlap", retention.Policy{KeepLast: 2, Daily: 3}, []string{"d00", "d01", "d02"}},
		{"last and monthly", retention.Policy{KeepLast: 2, Monthly: 3}, []string{"d00", "d01", "d07", "d37"}},
		{"days and weekly", retention.Policy{KeepDays: 2, Weekly: 3}, []string{"d00", "d01", "d08"}},
		{"everything", retention.Policy{KeepLast: 1, KeepDays: 1, Daily: 2, Weekly: 2, Monthly: 2, Yearly: 1}, []string{"d00", "d01", "d07"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, keptIDs(retention.Plan(items, tt.p, time.UTC, at(t, now))))
		})
	}
}

func TestPlanLockedIsNeverDeleted(t *testing.T) {
	items := []retention.Item{
		ok(t, "new", "2026-12-07T03:00:00Z"),
		locked(ok(t, "lockedOK", "2024-01-01T00:00:00Z")),
		locked(failed(t, "lockedFailed", "2023-01-01T00:00:00Z")),
		ok(t, "old", "2022-01-01T00:00:00Z"),
	}
	for _, p := range []retention.Policy{{KeepLast: 1}, {KeepDays: 1}, {Daily: 1}, {Yearly: 1}} {
		t.Run(p.String(), func(t *testing.T) {
			ds := retention.Plan(items, p, time.UTC, at(t, now))
			require.Equal(t, []string{"new", "lockedOK", "lockedFailed"}, keptIDs(ds))
			require.Equal(t, []string{"locked"}, reasonsByID(ds)["lockedFailed"])
			require.Equal(t, []retention.Item{items[3]}, retention.ToDelete(ds))
		})
	}
}

func TestPlanKeepsNewestSuccessful(t *testing.T) {
	tests := []struct {
		name  string
		items []retention.Item
		p     retention.Policy
		want  []string
	}{
		{"every backup older than keep days", days(t, "2026-11-01", 5), retention.Policy{KeepDays: 1}, []string{"d00"}},
		{"newest is unsuccessful", []retention.Item{failed(t, "f", "2026-11-02T00:00:00Z"), ok(t, "a", "2026-11-01T00:00:00Z"), ok(t, "b", "2026-10-01T00:00:00Z")},
			retention.Policy{KeepDays: 1}, []string{"a"}},
		{"no successful backup at all", []retention.Item{failed(t, "f", "2026-11-02T00:00:00Z"), failed(t, "g", "2026-11-01T00:00:00Z")},
			retention.Policy{KeepLast: 3}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := retention.Plan(tt.items, tt.p, time.UTC, at(t, now))
			require.Equal(t, tt.want, keptIDs(ds))
			for _, id := range tt.want {
				require.Equal(t, []string{"newest successful backup"}, reasonsByID(ds)[id])
			}
		})
	}
}

func TestPlanUnsuccessful(t *testing.T) {
	items := []retention.Item{
		failed(t, "f0", "2026-12-07T03:00:00Z"),
		ok(t, "a", "2026-12-06T03:00:00Z"),
		failed(t, "f1", "2026-12-05T03:00:00Z"),
		failed(t, "f2", "2026-12-04T03:00:00Z"),
		ok(t, "b", "2026-12-03T03:00:00Z"),
	}
	// f0 and f1 would be the newest of their days; unsuccessful backups never fill a bucket,
	// so the days without a good backup do not use up the count.
	ds := retention.Plan(items, retention.Policy{Daily: 2, KeepLast: 2}, time.UTC, at(t, now))
	require.Equal(t, []string{"a", "b"}, keptIDs(ds))
	r := reasonsByID(ds)
	require.Equal(t, []string{"unsuccessful"}, r["f0"])
	require.Equal(t, []string{"last 2", "daily 2026-12-03"}, r["b"])

	ds = retention.Plan(items, retention.Policy{KeepDays: 3}, time.UTC, at(t, now))
	require.Equal(t, []string{"f0", "a", "f1"}, keptIDs(ds))
}

func TestPlanDuplicateTimes(t *testing.T) {
	items := []retention.Item{
		ok(t, "b", "2026-12-07T03:00:00Z"),
		ok(t, "c", "2026-12-07T03:00:00Z"),
		ok(t, "a", "2026-12-07T03:00:00Z"),
		ok(t, "z", "2026-12-06T03:00:00Z"),
	}
	tests := []struct {
		name string
		p    retention.Policy
		want []string
	}{
		{"keep last takes the greater ID", retention.Policy{KeepLast: 2}, []string{"c", "b"}},
		{"daily takes the greater ID", retention.Policy{Daily: 2}, []string{"c", "z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := retention.Plan(items, tt.p, time.UTC, at(t, now))
			require.Equal(t, tt.want, keptIDs(ds))
			ids := []string{}
			for _, d := range ds {
				ids = append(ids, d.Item.ID)
			}
			require.Equal(t, []string{"c", "b", "a", "z"}, ids)
		})
	}
}

func TestPlanIsDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	base := at(t, now)
	items := make([]retention.Item, 80)
	for i := range items {
		items[i] = retention.Item{
			ID:         idN("i", i),
			Time:       base.Add(-time.Duration(rng.IntN(24*90)) * time.Hour), // many share a time
			Successful: rng.IntN(5) > 0,
			Locked:     rng.IntN(20) == 0,
		}
	}
	p := retention.Policy{KeepLast: 3, KeepDays: 2, Daily: 5, Weekly: 3, Monthly: 2}
	want := retention.Plan(items, p, zone(t, "Europe/Berlin"), base)
	for range 20 {
		shuffled := append([]retention.Item(nil), items...)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		require.Equal(t, want, retention.Plan(shuffled, p, zone(t, "Europe/Berlin"), base))
	}
}

func TestPlanDoesNotModifyInput(t *testing.T) {
	items := []retention.Item{ok(t, "a", "2026-01-01T00:00:00Z"), ok(t, "b", "2026-12-01T00:00:00Z")}
	orig := append([]retention.Item(nil), items...)
	retention.Plan(items, retention.Policy{KeepLast: 1}, time.UTC, at(t, now))
	require.Equal(t, orig, items)
}

func TestPlanEdgeInputs(t *testing.T) {
	require.Empty(t, retention.Plan(nil, retention.Policy{KeepLast: 1}, time.UTC, at(t, now)))
	ds := retention.Plan(days(t, "2026-12-07", 3), retention.Policy{Daily: 1}, nil, at(t, now))
	require.Equal(t, []string{"d00"}, keptIDs(ds), "a nil location means UTC")
}

func TestToDeleteAndSummary(t *testing.T) {
	items := days(t, "2026-12-07", 5)
	ds := retention.Plan(items, retention.Policy{KeepLast: 2}, time.UTC, at(t, now))
	require.Equal(t, []retention.Item{items[2], items[3], items[4]}, retention.ToDelete(ds))
	keep, del := retention.Summary(ds)
	require.Equal(t, 2, keep)
	require.Equal(t, 3, del)

	require.Empty(t, retention.ToDelete(nil))
	keep, del = retention.Summary(nil)
	require.Zero(t, keep)
	require.Zero(t, del)
}
