package retention

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// The fixed reasons of a Decision. The others name their rule and bucket: "last 7",
// "within 30 days", "daily 2026-12-05", "weekly 2026-W49", "monthly 2026-12", "yearly 2026".
const (
	// ReasonLocked keeps a backup the user locked; no rule deletes it.
	ReasonLocked = "locked"
	// ReasonNewestSuccessful keeps the newest successful backup, so a policy can never leave
	// a job with nothing to restore.
	ReasonNewestSuccessful = "newest successful backup"
	// ReasonNoPolicy keeps every backup when the Policy is zero.
	ReasonNoPolicy = "no policy"
	// ReasonUnsuccessful explains deleting a failed backup that no rule keeps.
	ReasonUnsuccessful = "unsuccessful"
	// ReasonNoRule explains deleting a successful backup that no rule keeps.
	ReasonNoRule = "not kept by any rule"
)

// Item is one backup as the engine sees it.
type Item struct {
	ID   string
	Time time.Time
	// Locked backups are always kept.
	Locked bool
	// Successful is true for a complete, good backup; false for, e.g., failed verification.
	// Only successful backups count towards KeepLast and the GFS rules.
	Successful bool
}

// Decision says what happens to one item and why. Reasons lists every rule that keeps a kept
// item, in a fixed order (locked, newest successful, no policy, last, within, daily, weekly,
// monthly, yearly); a deleted item has one reason, ReasonUnsuccessful or ReasonNoRule.
type Decision struct {
	Item    Item
	Keep    bool
	Reasons []string
}

// Plan decides for every item under p, with calendar rules evaluated in loc (nil means UTC)
// and KeepDays counted back from now. The result has one Decision per item, newest first;
// items with the same time are ordered by ID, the greater ID first (IDs are ULIDs, so the
// greater one was created later). Plan does not modify items, and the same items in any
// order give the same result.
func Plan(items []Item, p Policy, loc *time.Location, now time.Time) []Decision {
	if loc == nil {
		loc = time.UTC
	}
	ds := make([]Decision, len(items))
	for i, it := range items {
		ds[i] = Decision{Item: it}
	}
	slices.SortStableFunc(ds, func(a, b Decision) int { return newerFirst(a.Item, b.Item) })

	gfs := []*bucketRule{
		{n: p.Daily, name: "daily", key: dayKey},
		{n: p.Weekly, name: "weekly", key: weekKey},
		{n: p.Monthly, name: "monthly", key: monthKey},
		{n: p.Yearly, name: "yearly", key: yearKey},
	}
	// firstDay is the earliest civil day KeepDays keeps: today and the N-1 days before it.
	firstDay := civilDay(now.In(loc)) - int64(p.KeepDays) + 1
	newestSeen, lastKept := false, 0

	for i := range ds {
		d := &ds[i]
		it := d.Item
		t := it.Time.In(loc)
		var r []string
		if it.Locked {
			r = append(r, ReasonLocked)
		}
		if it.Successful && !newestSeen {
			newestSeen = true
			r = append(r, ReasonNewestSuccessful)
		}
		if p.IsZero() {
			r = append(r, ReasonNoPolicy)
		}
		if it.Successful && lastKept < p.KeepLast {
			lastKept++
			r = append(r, fmt.Sprintf("last %d", p.KeepLast))
		}
		if p.KeepDays > 0 && civilDay(t) >= firstDay {
			r = append(r, within(p.KeepDays))
		}
		if it.Successful {
			for _, g := range gfs {
				if reason, ok := g.take(t); ok {
					r = append(r, reason)
				}
			}
		}
		d.Keep = len(r) > 0
		switch {
		case d.Keep:
		case !it.Successful:
			r = []string{ReasonUnsuccessful}
		default:
			r = []string{ReasonNoRule}
		}
		d.Reasons = r
	}
	return ds
}

// ToDelete returns the items of the decisions that do not keep them, in the decisions' order.
func ToDelete(ds []Decision) []Item {
	var out []Item
	for _, d := range ds {
		if !d.Keep {
			out = append(out, d.Item)
		}
	}
	return out
}

// Summary counts the kept and deleted items, for a dry run's headline ("keep 12, delete 3").
func Summary(ds []Decision) (keep, del int) {
	for _, d := range ds {
		if d.Keep {
			keep++
		} else {
			del++
		}
	}
	return keep, del
}

// newerFirst orders a before b when a is newer, or, at the same time, has the greater ID.
func newerFirst(a, b Item) int {
	if c := b.Time.Compare(a.Time); c != 0 {
		return c
	}
	return strings.Compare(b.ID, a.ID)
}

func within(days int) string {
	if days == 1 {
		return "within 1 day"
	}
	return fmt.Sprintf("within %d days", days)
}
