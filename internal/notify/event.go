package notify

import (
	"strings"
	"time"
)

// The event types DBackup sends.
const (
	EventBackupSuccess      = "backup.success"
	EventBackupPartial      = "backup.partial"
	EventBackupFailure      = "backup.failure"
	EventRestoreSuccess     = "restore.success"
	EventRestoreFailure     = "restore.failure"
	EventKeyMismatch        = "system.key_mismatch"
	EventLoginFailures      = "system.login_failures"
	EventScheduleMissed     = "system.schedule_missed"
	EventDestinationFailing = "system.destination_failing"
	EventTest               = "test"
)

// The severities, which pick colours, priorities and icons.
const (
	SeverityInfo    = "info"
	SeverityWarning = "warning"
	SeverityError   = "error"
)

// Event is what happened, rendered by each kind into its own format.
type Event struct {
	// Type is one of the Event* constants.
	Type string
	// Severity is one of the Severity* constants; empty means info.
	Severity string
	Title    string
	Message  string
	// Fields are shown in order, such as Job, Source, Destination, Size, Duration, Error.
	Fields []KV
	// URL links into the web interface; empty for none.
	URL string
	// Time is when it happened; the zero time means when it is sent.
	Time time.Time
}

// KV is one labelled value of an event.
type KV struct {
	Key   string
	Value string
}

// normalize fills the defaults of e.
func (e Event) normalize(now time.Time) Event {
	switch e.Severity {
	case SeverityInfo, SeverityWarning, SeverityError:
	default:
		e.Severity = SeverityInfo
	}
	if e.Time.IsZero() {
		e.Time = now
	}
	e.Time = e.Time.UTC()
	return e
}

// success reports whether e is good news, for kinds that mark it with a green tick.
func (e Event) success() bool { return strings.HasSuffix(e.Type, ".success") }

// text renders e as plain text without its title: the message, then one "Key: value" line per
// field, then the link.
func (e Event) text() string {
	var b strings.Builder
	b.WriteString(e.Message)
	if len(e.Fields) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		for i, f := range e.Fields {
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(f.Key + ": " + f.Value)
		}
	}
	if e.URL != "" {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(e.URL)
	}
	return b.String()
}

// truncate shortens s to at most n runes, ending it with an ellipsis when it was cut.
func truncate(s string, n int) string {
	if n <= 0 {
		return ""
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// SystemEvents are the event types a channel can subscribe to besides job results.
var SystemEvents = []string{EventKeyMismatch, EventLoginFailures, EventScheduleMissed, EventDestinationFailing,
	EventRestoreSuccess, EventRestoreFailure}
