// Package schedule reads job schedules: five-field cron expressions (minute hour day-of-month
// month day-of-week, with the @daily-style descriptors) in an IANA time zone. Parsing is
// github.com/robfig/cron/v3's; this package adds the time zone, the validation messages the
// API shows, and Next with an injected clock.
package schedule

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// parser accepts standard five-field expressions and descriptors such as @daily; seconds and
// CRON_TZ prefixes are refused, because the time zone is a field of its own.
var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ErrInvalid matches every validation error of Parse.
var ErrInvalid = errors.New("invalid schedule")

// Error is a schedule or time zone that does not parse; Field is "schedule" or "timezone".
type Error struct {
	Field string
	Msg   string
}

func (e *Error) Error() string { return e.Msg }

// Is makes errors.Is(err, ErrInvalid) true.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

// Schedule is a parsed cron expression in a time zone.
type Schedule struct {
	spec cron.Schedule
	loc  *time.Location
}

// Parse reads expr in the IANA time zone tz ("" means UTC).
func Parse(expr, tz string) (Schedule, error) {
	if tz == "" {
		tz = "UTC"
	}
	loc, err := time.LoadLocation(tz)
	if err != nil || strings.TrimSpace(tz) != tz {
		return Schedule{}, &Error{Field: "timezone", Msg: fmt.Sprintf("time zone %q is unknown: use an IANA name such as Europe/Berlin or UTC", tz)}
	}
	expr = strings.TrimSpace(expr)
	if strings.HasPrefix(expr, "CRON_TZ=") || strings.HasPrefix(expr, "TZ=") {
		return Schedule{}, &Error{Field: "schedule", Msg: "set the time zone in its own field, not in the expression"}
	}
	spec, err := parser.Parse(expr)
	if err != nil {
		return Schedule{}, &Error{Field: "schedule", Msg: fmt.Sprintf("schedule %q: %v; write five fields (minute hour day month weekday), such as 0 3 * * * for 03:00 every day", expr, err)}
	}
	return Schedule{spec: spec, loc: loc}, nil
}

// Next returns the first time after now the schedule fires, in UTC.
func (s Schedule) Next(now time.Time) time.Time {
	return s.spec.Next(now.In(s.loc)).UTC()
}
