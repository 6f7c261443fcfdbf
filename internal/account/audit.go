package account

import (
	"context"
	"fmt"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/viewer"
)

// Audit actions written by the service.
const (
	ActionSetup          = "account.setup"
	ActionAdminsEnsured  = "group.ensureAdmins"
	ActionUserCreate     = "user.create"
	ActionPasswordSet    = "user.setPassword"
	ActionLogin          = "auth.login"
	ActionLoginFailed    = "auth.login.failed"
	ActionLogout         = "auth.logout"
	ActionSessionRevoke  = "auth.session.revoke"
	ActionTOTPBegin      = "user.totp.begin"
	ActionTOTPEnable     = "user.totp.enable"
	ActionTOTPDisable    = "user.totp.disable"
	ActionAPIKeyCreate   = "apikey.create"
	ActionAPIKeyRevoke   = "apikey.revoke"
	ActionSessionsPurged = "auth.sessions.purge"
)

// Entity types in audit entries.
const (
	entityUser    = "User"
	entityGroup   = "Group"
	entitySession = "Session"
	entityAPIKey  = "APIKey"
)

// maxAuditText bounds client-supplied strings (a typed username, a user agent) in the audit
// log, so that a sign-in form cannot be used to write megabytes into it.
const maxAuditText = 256

// event is one audit entry. Its fields name what changed; values are never secrets.
type event struct {
	action     string
	entityType string
	entityID   string
	fields     []string
	ip         string
	userAgent  string
	details    map[string]any
}

// audit writes e with the actor of ctx through c, the transaction's client when there is one.
func (s *Service) audit(ctx context.Context, c *ent.Client, e event) error {
	v := viewer.FromContext(ctx).Actor()
	if o := viewer.OriginFromContext(ctx); e.ip == "" && e.userAgent == "" {
		e.ip, e.userAgent = o.IP, o.UserAgent
	}
	q := c.AuditEntry.Create().
		SetTime(s.now()).
		SetActor(v.ActorName()).
		SetAction(e.action).
		SetEntityType(e.entityType).
		SetEntityID(e.entityID).
		SetIP(clip(e.ip)).
		SetUserAgent(clip(e.userAgent))
	if v != nil {
		if id := v.APIKeyID; id != "" {
			q.SetActorID(id)
		} else if v.UserID != "" {
			q.SetActorID(v.UserID)
		}
	}
	if len(e.fields) > 0 {
		q.SetFields(e.fields)
	}
	if len(e.details) > 0 {
		q.SetDetails(e.details)
	}
	if err := q.Exec(ctx); err != nil {
		return fmt.Errorf("write audit entry %s: %w", e.action, err)
	}
	return nil
}

// clip shortens s to maxAuditText bytes, on a UTF-8 boundary.
func clip(s string) string {
	if len(s) <= maxAuditText {
		return s
	}
	cut := maxAuditText
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut]
}
