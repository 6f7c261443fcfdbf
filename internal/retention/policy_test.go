package retention_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/retention"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name  string
		p     retention.Policy
		field string // "" means valid
	}{
		{"zero", retention.Policy{}, ""},
		{"typical", retention.Policy{KeepLast: 7, KeepDays: 30, Daily: 7, Weekly: 4, Monthly: 12, Yearly: 3}, ""},
		{"at the maxima", retention.Policy{KeepLast: retention.MaxKeepLast, KeepDays: retention.MaxDays, Daily: retention.MaxDays, Weekly: retention.MaxWeeks, Monthly: retention.MaxMonths, Yearly: retention.MaxYears}, ""},
		{"negative keepLast", retention.Policy{KeepLast: -1}, "keepLast"},
		{"negative keepDays", retention.Policy{KeepDays: -1}, "keepDays"},
		{"negative daily", retention.Policy{Daily: -1}, "gfsDaily"},
		{"negative weekly", retention.Policy{Weekly: -1}, "gfsWeekly"},
		{"negative monthly", retention.Policy{Monthly: -1}, "gfsMonthly"},
		{"negative yearly", retention.Policy{Yearly: -1}, "gfsYearly"},
		{"keepLast too large", retention.Policy{KeepLast: retention.MaxKeepLast + 1}, "keepLast"},
		{"keepDays too large", retention.Policy{KeepDays: retention.MaxDays + 1}, "keepDays"},
		{"daily too large", retention.Policy{Daily: retention.MaxDays + 1}, "gfsDaily"},
		{"weekly too large", retention.Policy{Weekly: retention.MaxWeeks + 1}, "gfsWeekly"},
		{"monthly too large", retention.Policy{Monthly: retention.MaxMonths + 1}, "gfsMonthly"},
		{"yearly too large", retention.Policy{Yearly: retention.MaxYears + 1}, "gfsYearly"},
		{"first invalid field is reported", retention.Policy{KeepDays: -3, Yearly: -1}, "keepDays"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			if tt.field == "" {
				require.NoError(t, err)
				return
			}
			var fe *retention.FieldError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, tt.field, fe.Field)
			require.Contains(t, fe.Msg, tt.field)
			require.True(t, errors.Is(err, retention.ErrInvalid))
		})
	}
}

func TestIsZeroAndString(t *testing.T) {
	tests := []struct {
		p    retention.Policy
		zero bool
		str  string
	}{
		{retention.Policy{}, true, "keep everything"},
		{retention.Policy{KeepLast: 7}, false, "last 7"},
		{retention.Policy{KeepDays: 1}, false, "within 1 day"},
		{retention.Policy{Yearly: 1}, false, "1 yearly"},
		{retention.Policy{KeepLast: 3, KeepDays: 30, Daily: 7, Weekly: 4, Monthly: 12, Yearly: 2}, false, "last 3, within 30 days, 7 daily, 4 weekly, 12 monthly, 2 yearly"},
	}
	for _, tt := range tests {
		t.Run(tt.str, func(t *testing.T) {
			require.Equal(t, tt.zero, tt.p.IsZero())
			require.Equal(t, tt.str, tt.p.String())
		})
	}
}
