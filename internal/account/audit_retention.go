package account

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/auditentry"
	"github.com/dbackup/dbackup/ent/setting"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/authz"
	"github.com/dbackup/dbackup/internal/viewer"
)

// Audit retention: how long entries are kept before PurgeAudit deletes them.
const (
	// AuditRetentionSetting is the Setting key holding the retention in days.
	AuditRetentionSetting = "audit.retentionDays"
	// DefaultAuditRetentionDays keeps a year of history, long enough for a yearly access review.
	DefaultAuditRetentionDays = 365
	// MaxAuditRetentionDays is ten years; 0 means forever.
	MaxAuditRetentionDays = 3650
	// ActionAuditRetention records a change of the retention.
	ActionAuditRetention = "settings.audit.retention"
	// ActionAuditPurged records a purge that deleted entries.
	ActionAuditPurged = "audit.purge"
)

// AuditRetentionDays returns how many days audit entries are kept; 0 keeps them forever. The
// caller needs audit:read.
func (s *Service) AuditRetentionDays(ctx context.Context) (int, error) {
	if err := authz.Require(ctx, perm.AuditRead); err != nil {
		return 0, err
	}
	return s.auditRetention(viewer.Privileged(ctx))
}

func (s *Service) auditRetention(ctx context.Context) (int, error) {
	st, err := s.client.Setting.Query().Where(setting.Key(AuditRetentionSetting)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return DefaultAuditRetentionDays, nil
	case err != nil:
		return 0, fmt.Errorf("read audit retention: %w", err)
	}
	var days int
	if err := json.Unmarshal([]byte(st.Value), &days); err != nil || days < 0 {
		return DefaultAuditRetentionDays, nil
	}
	return days, nil
}

// SetAuditRetentionDays stores the retention (0 to MaxAuditRetentionDays). The caller needs
// settings:write.
func (s *Service) SetAuditRetentionDays(ctx context.Context, days int) error {
	if err := authz.Require(ctx, perm.SettingsWrite); err != nil {
		return err
	}
	if days < 0 || days > MaxAuditRetentionDays {
		return invalidField("retentionDays", "retention must be 0 (keep forever) to %d days", MaxAuditRetentionDays)
	}
	ctx = viewer.Privileged(ctx)
	return s.withTx(ctx, func(tx *ent.Tx) error {
		err := tx.Setting.Create().SetKey(AuditRetentionSetting).SetValue(fmt.Sprint(days)).
			OnConflictColumns(setting.FieldKey).UpdateNewValues().Exec(ctx)
		if err != nil {
			return fmt.Errorf("store audit retention: %w", err)
		}
		return s.audit(ctx, tx.Client(), event{
			action: ActionAuditRetention, entityType: "Setting", entityID: AuditRetentionSetting,
			fields: []string{setting.FieldValue}, details: map[string]any{"days": days},
		})
	})
}

// PurgeAudit deletes audit entries older than the retention and returns how many. It runs in
// the background under a system context.
func (s *Service) PurgeAudit(ctx context.Context) (int, error) {
	ctx = viewer.Privileged(ctx)
	days, err := s.auditRetention(ctx)
	if err != nil || days == 0 {
		return 0, err
	}
	cutoff := s.now().Add(-time.Duration(days) * 24 * time.Hour)
	var n int
	err = s.withTx(ctx, func(tx *ent.Tx) error {
		n, err = tx.AuditEntry.Delete().Where(auditentry.TimeLT(cutoff)).Exec(ctx)
		if err != nil || n == 0 {
			return err
		}
		return s.audit(ctx, tx.Client(), event{
			action: ActionAuditPurged, entityType: "AuditEntry",
			details: map[string]any{"count": n, "before": cutoff.Format(time.RFC3339)},
		})
	})
	return n, err
}
