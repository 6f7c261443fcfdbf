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
	if every, ok := spec.(cron.ConstantDelaySchedule); ok && every.Delay < MinEvery {
		return Schedule{}, &Error{Field: "schedule", Msg: fmt.Sprintf("schedule %q: @every must be at least %s", expr, MinEvery)}
	}
	return Schedule{spec: spec, loc: loc}, nil
}

// MinEvery is the shortest @every interval Parse accepts. Tests of the scheduler lower it.
var MinEvery = time.Minute

// Next returns the first time after now the schedule fires, in UTC.
//
// When clocks go back, a wall-clock time such as 02:30 happens twice. A schedule that names its
// hours (0 3 * * *, 30 2 * * 1-5) fires at the first of the two only, as people expect of a
// daily backup; one that runs every hour (0 * * * *) fires at both, an hour apart. When clocks
// go forward, a time in the skipped hour fires right after the gap (robfig/cron's rule).
func (s Schedule) Next(now time.Time) time.Time {
	next := s.spec.Next(now.In(s.loc))
	if spec, ok := s.spec.(*cron.SpecSchedule); ok && spec.Hour&allHours != allHours && repeatedWallClock(next) {
		next = s.spec.Next(next)
	}
	return next.UTC()
}

// allHours is the bit set of a cron hour field that matches every hour.
const allHours = 1<<24 - 1

// repeatedWallClock reports whether t's wall-clock time already happened shortly before t (the
// second pass through the hour after clocks go back).
func repeatedWallClock(t time.Time) bool {
	y, mo, d := t.Date()
	h, mi, sec := t.Clock()
	for _, back := range []time.Duration{30 * time.Minute, time.Hour, 2 * time.Hour} {
		p := t.Add(-back)
		py, pmo, pd := p.Date()
		ph, pmi, psec := p.Clock()
		if py == y && pmo == mo && pd == d && ph == h && pmi == mi && psec == sec {
			return true
		}
	}
	return false
}
