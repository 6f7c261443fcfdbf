package retention_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/retention"
)

// TestPlanGFS covers the calendar edge cases of the daily, weekly, monthly and yearly rules.
// want maps every kept item to its reasons; every other item must be deleted.
func TestPlanGFS(t *testing.T) {
	tests := []struct {
		name  string
		items []retention.Item
		p     retention.Policy
		loc   string
		now   string
		want  map[string][]string
	}{
		{
			name: "several backups a day keep the newest of each",
			items: []retention.Item{
				ok(t, "7a", "2026-12-07T01:00:00Z"), ok(t, "7b", "2026-12-07T20:00:00Z"), ok(t, "7c", "2026-12-07T05:00:00Z"),
				ok(t, "6a", "2026-12-06T10:00:00Z"), ok(t, "6b", "2026-12-06T11:00:00Z"),
				ok(t, "5a", "2026-12-05T11:00:00Z"),
			},
			p: retention.Policy{Daily: 2}, loc: "UTC", now: now,
			want: map[string][]string{
				"7b": {"newest successful backup", "daily 2026-12-07"},
				"6b": {"daily 2026-12-06"},
			},
		},
		{
			name: "gaps: only days with a backup count",
			items: []retention.Item{
				ok(t, "a", "2026-12-07T03:00:00Z"), ok(t, "b", "2026-12-03T03:00:00Z"),
				ok(t, "c", "2026-11-20T03:00:00Z"), ok(t, "d", "2026-11-01T03:00:00Z"),
			},
			p: retention.Policy{Daily: 3}, loc: "UTC", now: now,
			want: map[string][]string{
				"a": {"newest successful backup", "daily 2026-12-07"},
				"b": {"daily 2026-12-03"},
				"c": {"daily 2026-11-20"},
			},
		},
		{
			name: "gaps: months without a backup do not count",
			items: []retention.Item{
				ok(t, "dec", "2026-12-01T03:00:00Z"), ok(t, "jun", "2026-06-30T03:00:00Z"),
				ok(t, "jan", "2026-01-15T03:00:00Z"), ok(t, "old", "2025-12-31T03:00:00Z"),
			},
			p: retention.Policy{Monthly: 3}, loc: "UTC", now: now,
			want: map[string][]string{
				"dec": {"newest successful backup", "monthly 2026-12"},
				"jun": {"monthly 2026-06"},
				"jan": {"monthly 2026-01"},
			},
		},
		{
			// 2026 has 53 ISO weeks: Thursday 2026-12-31 up to Sunday 2027-01-03 are 2026-W53,
			// and 2027-W01 starts on Monday 2027-01-04.
			name: "ISO week across the year boundary",
			items: []retention.Item{
				ok(t, "dec27", "2026-12-27T12:00:00Z"), ok(t, "dec31", "2026-12-31T12:00:00Z"), ok(t, "jan1", "2027-01-01T12:00:00Z"),
				ok(t, "jan3", "2027-01-03T12:00:00Z"), ok(t, "jan4", "2027-01-04T12:00:00Z"),
			},
			p: retention.Policy{Weekly: 3}, loc: "UTC", now: "2027-01-05T12:00:00Z",
			want: map[string][]string{
				"jan4":  {"newest successful backup", "weekly 2027-W01"},
				"jan3":  {"weekly 2026-W53"},
				"dec27": {"weekly 2026-W52"},
			},
		},
		{
			name: "yearly uses the calendar year, not the ISO week year",
			items: []retention.Item{
				ok(t, "dec30", "2026-12-30T12:00:00Z"), ok(t, "dec31", "2026-12-31T12:00:00Z"),
				ok(t, "jan1", "2027-01-01T12:00:00Z"), ok(t, "jan3", "2027-01-03T12:00:00Z"),
			},
			p: retention.Policy{Yearly: 2}, loc: "UTC", now: "2027-01-05T12:00:00Z",
			want: map[string][]string{
				"jan3":  {"newest successful backup", "yearly 2027"},
				"dec31": {"yearly 2026"},
			},
		},
		{
			name:  "month boundary in UTC",
			items: monthEnd(t),
			p:     retention.Policy{Monthly: 2}, loc: "UTC", now: "2026-04-02T00:00:00Z",
			want: map[string][]string{
				"late": {"newest successful backup", "monthly 2026-03"},
				"feb":  {"monthly 2026-02"},
			},
		},
		{
			// 2026-03-31T23:30Z is 01:30 on April 1 in Berlin (CEST, UTC+2).
			name:  "month boundary in Berlin",
			items: monthEnd(t),
			p:     retention.Policy{Monthly: 2}, loc: "Europe/Berlin", now: "2026-04-02T00:00:00Z",
			want: map[string][]string{
				"late": {"newest successful backup", "monthly 2026-04"},
				"noon": {"monthly 2026-03"},
			},
		},
		{
			name:  "day boundary in Berlin",
			items: monthEnd(t),
			p:     retention.Policy{Daily: 2}, loc: "Europe/Berlin", now: "2026-04-02T00:00:00Z",
			want: map[string][]string{
				"late": {"newest successful backup", "daily 2026-04-01"},
				"noon": {"daily 2026-03-31"},
			},
		},
		{
			// On 2026-03-29 Berlin springs forward: the day runs from 03-28T23:00Z to
			// 03-29T22:00Z, 23 hours.
			name: "23-hour day in Berlin",
			items: []retention.Item{
				ok(t, "28last", "2026-03-28T22:59:00Z"), ok(t, "29first", "2026-03-28T23:00:00Z"),
				ok(t, "29mid", "2026-03-29T01:30:00Z"), ok(t, "29last", "2026-03-29T21:59:00Z"),
				ok(t, "30first", "2026-03-29T22:00:00Z"),
			},
			p: retention.Policy{Daily: 3}, loc: "Europe/Berlin", now: "2026-03-30T12:00:00Z",
			want: map[string][]string{
				"30first": {"newest successful backup", "daily 2026-03-30"},
				"29last":  {"daily 2026-03-29"},
				"28last":  {"daily 2026-03-28"},
			},
		},
		{
			// On 2026-10-25 Berlin falls back: the day runs from 10-24T22:00Z to 10-25T23:00Z,
			// 25 hours, and 02:30 local happens twice (00:30Z and 01:30Z).
			name: "25-hour day in Berlin",
			items: []retention.Item{
				ok(t, "24last", "2026-10-24T21:59:00Z"), ok(t, "25first", "2026-10-24T22:00:00Z"),
				ok(t, "25twiceA", "2026-10-25T00:30:00Z"), ok(t, "25twiceB", "2026-10-25T01:30:00Z"),
				ok(t, "25last", "2026-10-25T22:59:00Z"), ok(t, "26first", "2026-10-25T23:00:00Z"),
			},
			p: retention.Policy{Daily: 3}, loc: "Europe/Berlin", now: "2026-10-26T12:00:00Z",
			want: map[string][]string{
				"26first": {"newest successful backup", "daily 2026-10-26"},
				"25last":  {"daily 2026-10-25"},
				"24last":  {"daily 2026-10-24"},
			},
		},
		{
			// Two calendar days back from noon on 03-30 is midnight on 03-29, which is only
			// 35 hours earlier because of the 23-hour day.
			name: "keep days across the spring DST change",
			items: []retention.Item{
				ok(t, "30", "2026-03-30T10:00:00Z"), ok(t, "29first", "2026-03-28T23:00:00Z"),
				ok(t, "28last", "2026-03-28T22:59:00Z"),
			},
			p: retention.Policy{KeepDays: 2}, loc: "Europe/Berlin", now: "2026-03-30T10:00:00Z",
			want: map[string][]string{
				"30":      {"newest successful backup", "within 2 days"},
				"29first": {"within 2 days"},
			},
		},
		{
			name: "keep days across the autumn DST change",
			items: []retention.Item{
				ok(t, "26", "2026-10-26T10:00:00Z"), ok(t, "25first", "2026-10-24T22:00:00Z"),
				ok(t, "24last", "2026-10-24T21:59:00Z"),
			},
			p: retention.Policy{KeepDays: 2}, loc: "Europe/Berlin", now: "2026-10-26T10:00:00Z",
			want: map[string][]string{
				"26":      {"newest successful backup", "within 2 days"},
				"25first": {"within 2 days"},
			},
		},
		{
			name: "yearly in a zone ahead of UTC",
			items: []retention.Item{
				ok(t, "a", "2026-06-01T00:00:00Z"), ok(t, "nye", "2025-12-31T23:30:00Z"),
				ok(t, "b", "2025-06-01T00:00:00Z"), ok(t, "c", "2024-06-01T00:00:00Z"),
			},
			p: retention.Policy{Yearly: 2}, loc: "Europe/Berlin", now: now,
			want: map[string][]string{
				"a": {"newest successful backup", "yearly 2026"},
				"b": {"yearly 2025"},
			},
		},
		{
			name: "yearly in UTC",
			items: []retention.Item{
				ok(t, "a", "2026-06-01T00:00:00Z"), ok(t, "nye", "2025-12-31T23:30:00Z"),
				ok(t, "b", "2025-06-01T00:00:00Z"), ok(t, "c", "2024-06-01T00:00:00Z"),
			},
			p: retention.Policy{Yearly: 3}, loc: "UTC", now: now,
			want: map[string][]string{
				"a":   {"newest successful backup", "yearly 2026"},
				"nye": {"yearly 2025"},
				"c":   {"yearly 2024"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := retention.Plan(tt.items, tt.p, zone(t, tt.loc), at(t, tt.now))
			got := map[string][]string{}
			for _, d := range ds {
				if d.Keep {
					got[d.Item.ID] = d.Reasons
				}
			}
			require.Equal(t, tt.want, got)
		})
	}
}

// monthEnd is a few backups around the end of March 2026; "late" is already April in Berlin.
func monthEnd(t *testing.T) []retention.Item {
	return []retention.Item{
		ok(t, "late", "2026-03-31T23:30:00Z"), ok(t, "noon", "2026-03-31T12:00:00Z"),
		ok(t, "mid", "2026-03-15T12:00:00Z"), ok(t, "feb", "2026-02-20T12:00:00Z"),
	}
}
