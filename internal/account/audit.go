package account

import (
	"context"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/audit"
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
	return audit.Write(ctx, c, s.now(), audit.Entry{
		Action: e.action, EntityType: e.entityType, EntityID: e.entityID, Fields: e.fields,
		IP: e.ip, UserAgent: e.userAgent, Details: e.details,
	})
}
