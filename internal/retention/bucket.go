package retention

import (
	"fmt"
	"time"
)

// bucketRule is one GFS rule while Plan walks the items newest first: it keeps the first
// (so newest) successful item of each bucket until it has kept n buckets. Buckets without a
// successful item are never seen, so gaps do not use up the count.
type bucketRule struct {
	n    int
	name string
	key  func(time.Time) string
	seen map[string]bool
}

// take reports whether the item at t, already in the job's time zone, opens a new bucket the
// rule keeps, and the reason naming that bucket.
func (g *bucketRule) take(t time.Time) (string, bool) {
	if g.n <= 0 || len(g.seen) >= g.n {
		return "", false
	}
	k := g.key(t)
	if g.seen[k] {
		return "", false
	}
	if g.seen == nil {
		g.seen = make(map[string]bool, g.n)
	}
	g.seen[k] = true
	return g.name + " " + k, true
}

func dayKey(t time.Time) string { return t.Format("2006-01-02") }

func weekKey(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

func monthKey(t time.Time) string { return t.Format("2006-01") }

func yearKey(t time.Time) string { return t.Format("2006") }

// civilDay numbers t's calendar date in t's own location, one per day, so that date
// differences ignore the 23- and 25-hour days of daylight saving changes.
func civilDay(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / (24 * 60 * 60)
}
