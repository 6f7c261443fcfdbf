// Package audit writes the audit log: who (the actor of the context's viewer), did what (an
// action and the entity it touched, with the names of the changed fields — never the values of
// secrets), when, and from where (the request's Origin). Every domain service writes its
// entries through Write, inside the transaction of the change, so that a change and its entry
// commit together.
package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/viewer"
)

// maxText bounds client-supplied strings (a typed username, a user agent) in the audit log, so
// that a form cannot be used to write megabytes into it.
const maxText = 256

// Entry is one audit entry. Fields name what changed; Details never hold secrets.
type Entry struct {
	Action     string
	EntityType string
	EntityID   string
	Fields     []string
	// IP and UserAgent default to the Origin of the context.
	IP        string
	UserAgent string
	Details   map[string]any
}

// Write stores e at time now with the actor of ctx through c, the transaction's client when
// there is one. It writes with a privileged context: viewers never write the log themselves.
func Write(ctx context.Context, c *ent.Client, now time.Time, e Entry) error {
	v := viewer.FromContext(ctx).Actor()
	if o := viewer.OriginFromContext(ctx); e.IP == "" && e.UserAgent == "" {
		e.IP, e.UserAgent = o.IP, o.UserAgent
	}
	q := c.AuditEntry.Create().
		SetTime(now).
		SetActor(v.ActorName()).
		SetAction(e.Action).
		SetEntityType(e.EntityType).
		SetEntityID(e.EntityID).
		SetIP(Clip(e.IP)).
		SetUserAgent(Clip(e.UserAgent))
	if v != nil {
		if id := v.APIKeyID; id != "" {
			q.SetActorID(id)
		} else if v.UserID != "" {
			q.SetActorID(v.UserID)
		}
	}
	if len(e.Fields) > 0 {
		q.SetFields(e.Fields)
	}
	if len(e.Details) > 0 {
		q.SetDetails(e.Details)
	}
	if err := q.Exec(viewer.Privileged(ctx)); err != nil {
		return fmt.Errorf("write audit entry %s: %w", e.Action, err)
	}
	return nil
}

// Clip shortens s to maxText bytes, on a UTF-8 boundary.
func Clip(s string) string {
	if len(s) <= maxText {
		return s
	}
	cut := maxText
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut]
}
