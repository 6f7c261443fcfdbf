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
