package retention

import (
	"errors"
	"fmt"
	"strings"
)

// The maxima refuse values that are certainly typos. A century is longer than any backup is
// worth keeping, so every calendar rule is capped at about a hundred years of its unit.
const (
	// MaxKeepLast allows a backup every minute for almost two years.
	MaxKeepLast = 1_000_000
	// MaxDays caps KeepDays and Daily at a hundred years of days.
	MaxDays = 36_600
	// MaxWeeks caps Weekly at a hundred years of ISO weeks.
	MaxWeeks = 5_300
	// MaxMonths caps Monthly at a hundred years of months.
	MaxMonths = 1_200
	// MaxYears caps Yearly at a hundred years.
	MaxYears = 100
)

// ErrInvalid matches every error of Policy.Validate.
var ErrInvalid = errors.New("invalid retention policy")

// FieldError is a Policy field with an invalid value; Field is the API's name for it
// ("keepLast", "keepDays", "gfsDaily", "gfsWeekly", "gfsMonthly" or "gfsYearly").
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return e.Msg }

// Is makes errors.Is(err, ErrInvalid) true.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// Policy is one destination's retention for one job. Zero values mean "not used", and a Policy
// with nothing set keeps everything. The rules are a union: a backup kept by any rule is kept.
type Policy struct {
	// KeepLast keeps the N newest successful backups.
	KeepLast int
	// KeepDays keeps every backup, successful or not, taken on one of the last N calendar days
	// in the job's time zone, today included: KeepDays=1 keeps today's backups.
	KeepDays int
	// Daily, Weekly, Monthly and Yearly keep the newest successful backup of each of the last N
	// calendar days, ISO weeks, months and years (in the job's time zone) that have one.
	Daily, Weekly, Monthly, Yearly int
}

// field is one Policy field with its API name, its maximum and how String describes it.
type field struct {
	name  string
	value int
	max   int
	label func(int) string
}

func (p Policy) fields() []field {
	return []field{
		{"keepLast", p.KeepLast, MaxKeepLast, label("last %d")},
		{"keepDays", p.KeepDays, MaxDays, within},
		{"gfsDaily", p.Daily, MaxDays, label("%d daily")},
		{"gfsWeekly", p.Weekly, MaxWeeks, label("%d weekly")},
		{"gfsMonthly", p.Monthly, MaxMonths, label("%d monthly")},
		{"gfsYearly", p.Yearly, MaxYears, label("%d yearly")},
	}
}

func label(format string) func(int) string {
	return func(n int) string { return fmt.Sprintf(format, n) }
}

// Validate refuses negative values and values above the field's maximum. It reports the first
// invalid field, in declaration order, as a *FieldError.
func (p Policy) Validate() error {
	for _, f := range p.fields() {
		switch {
		case f.value < 0:
			return &FieldError{Field: f.name, Msg: fmt.Sprintf("%s must not be negative (got %d); use 0 to turn the rule off", f.name, f.value)}
		case f.value > f.max:
			return &FieldError{Field: f.name, Msg: fmt.Sprintf("%s must be at most %d (got %d)", f.name, f.max, f.value)}
		}
	}
	return nil
}

// IsZero reports whether no rule is set, so the policy keeps everything.
func (p Policy) IsZero() bool { return p == Policy{} }

// String describes the policy for people, e.g. "last 7, within 30 days, 7 daily, 12 monthly", or
// "keep everything" for the zero Policy.
func (p Policy) String() string {
	var parts []string
	for _, f := range p.fields() {
		if f.value > 0 {
			parts = append(parts, f.label(f.value))
		}
	}
	if len(parts) == 0 {
		return "keep everything"
	}
	return strings.Join(parts, ", ")
}
