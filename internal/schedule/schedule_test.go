package schedule_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/schedule"
)

func TestNextInTimeZone(t *testing.T) {
	now := time.Date(2026, 3, 28, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, expr, tz string
		want           time.Time
	}{
		{"daily at three UTC", "0 3 * * *", "", time.Date(2026, 3, 29, 3, 0, 0, 0, time.UTC)},
		{"daily at three in Berlin, across the DST change", "0 3 * * *", "Europe/Berlin", time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC)},
		{"descriptor", "@hourly", "UTC", time.Date(2026, 3, 28, 13, 0, 0, 0, time.UTC)},
		{"weekdays", "30 22 * * 1-5", "America/New_York", time.Date(2026, 3, 31, 2, 30, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := schedule.Parse(tt.expr, tt.tz)
			require.NoError(t, err)
			require.Equal(t, tt.want, s.Next(now))
		})
	}
}

func TestParseErrorsNameTheField(t *testing.T) {
	tests := []struct{ expr, tz, field string }{
		{"0 3 * *", "UTC", "schedule"},
		{"61 3 * * *", "UTC", "schedule"},
		{"0 0 3 * * *", "UTC", "schedule"},
		{"CRON_TZ=UTC 0 3 * * *", "UTC", "schedule"},
		{"0 3 * * *", "Mars/Olympus", "timezone"},
	}
	for _, tt := range tests {
		_, err := schedule.Parse(tt.expr, tt.tz)
		var se *schedule.Error
		require.ErrorAs(t, err, &se, tt.expr)
		require.Equal(t, tt.field, se.Field, tt.expr)
		require.ErrorIs(t, err, schedule.ErrInvalid)
	}
}

// TestNextWhenClocksGoBack: on 25 October 2026 in Berlin 02:00–02:59 happens twice. A daily
// 02:30 fires once, at the first; an hourly schedule fires in both hours.
func TestNextWhenClocksGoBack(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		require.NoError(t, err)
		return v
	}
	daily, err := schedule.Parse("30 2 * * *", "Europe/Berlin")
	require.NoError(t, err)
	require.Equal(t, at("2026-10-25T00:30:00Z"), daily.Next(at("2026-10-24T12:00:00Z")))
	require.Equal(t, at("2026-10-26T01:30:00Z"), daily.Next(at("2026-10-25T00:30:00Z")), "not again at 02:30 CET")

	hourly, err := schedule.Parse("0 * * * *", "Europe/Berlin")
	require.NoError(t, err)
	require.Equal(t, at("2026-10-25T01:00:00Z"), hourly.Next(at("2026-10-25T00:00:00Z")), "02:00 CET after 02:00 CEST")
}
