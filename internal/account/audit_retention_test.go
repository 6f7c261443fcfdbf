package account

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/authz"
	"github.com/dbackup/dbackup/internal/viewer"
)

func TestAuditRetentionPurgesOldEntries(t *testing.T) {
	e := newEnv(t)
	admin := e.setup(t)
	ctx := sys()

	days, err := e.svc.AuditRetentionDays(ctx)
	require.NoError(t, err)
	require.Equal(t, DefaultAuditRetentionDays, days)
	require.ErrorIs(t, e.svc.SetAuditRetentionDays(ctx, -1), ErrInvalidInput)
	require.ErrorIs(t, e.svc.SetAuditRetentionDays(ctx, MaxAuditRetentionDays+1), ErrInvalidInput)
	bob := e.user(t, "bob")
	var forbidden *authz.ForbiddenError
	require.ErrorAs(t, e.svc.SetAuditRetentionDays(viewer.NewContext(context.Background(), &viewer.Viewer{UserID: string(bob.ID), Username: "bob"}), 30), &forbidden,
		"bob has no groups, so no settings:write")
	require.Equal(t, perm.SettingsWrite, forbidden.Permission)

	before := e.c.AuditEntry.Query().CountX(ctx)
	require.Positive(t, before)
	n, err := e.svc.PurgeAudit(ctx)
	require.NoError(t, err)
	require.Zero(t, n, "nothing is older than a year yet")

	require.NoError(t, e.svc.SetAuditRetentionDays(as(admin), 30))
	e.clock.Advance(31 * 24 * time.Hour)
	e.user(t, "carol") // one entry inside the retention
	n, err = e.svc.PurgeAudit(ctx)
	require.NoError(t, err)
	require.Equal(t, before+1, n, "every entry before the cutoff, including the retention change")
	require.Len(t, e.audits(t, ActionUserCreate), 1, "carol's creation stays, bob's is gone")
	require.Len(t, e.audits(t, ActionAuditPurged), 1, "the purge itself is recorded")

	require.NoError(t, e.svc.SetAuditRetentionDays(ctx, 0))
	e.clock.Advance(10 * 365 * 24 * time.Hour)
	n, err = e.svc.PurgeAudit(ctx)
	require.NoError(t, err)
	require.Zero(t, n, "0 keeps entries forever")
}
