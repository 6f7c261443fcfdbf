package downloadlink

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/authz"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/testutil/entdb"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// env is a migrated SQLite database with one user and one encryption profile.
type env struct {
	svc     *Service
	c       *ent.Client
	now     time.Time
	user    *ent.User
	profile *ent.EncryptionProfile
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	e := &env{c: entdb.Open(t), now: time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)}
	e.svc = New(e.c)
	e.svc.SetClock(func() time.Time { return e.now })
	e.user = e.c.User.Create().SetUsername("alice").SaveX(ctx)
	pk, err := vault.GenerateKey()
	require.NoError(t, err)
	e.profile = e.c.EncryptionProfile.Create().SetName("main").SetKey(pk.Reveal()).SetKeyID(vault.KeyID(pk)).SaveX(ctx)
	return e
}

// as is the context of a request by the test's user holding ps.
func (e *env) as(ps ...perm.Permission) context.Context {
	return viewer.NewContext(context.Background(), &viewer.Viewer{UserID: string(e.user.ID), Username: "alice", Permissions: perm.NewSet(ps...)})
}

func tokenOf(t *testing.T, l Link) string {
	t.Helper()
	tok, ok := strings.CutPrefix(l.URL, PathPrefix)
	require.True(t, ok, l.URL)
	return tok
}

// TestLinkWorksOnceAndExpires: a link redeems once; a second use, a use after expiry and a
// made-up token are each refused with their own error.
func TestLinkWorksOnceAndExpires(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	l, err := e.svc.CreateKitLink(e.as(perm.VaultReveal), []pulid.ID{e.profile.ID, e.profile.ID}, 0)
	require.NoError(t, err)
	require.Equal(t, e.now.Add(DefaultLifetime), l.ExpiresAt)

	got, err := e.svc.Redeem(ctx, tokenOf(t, l))
	require.NoError(t, err)
	require.Equal(t, KindRecoveryKit, got.Kind)
	require.Equal(t, []string{string(e.profile.ID)}, got.ProfileIds, "duplicates dropped")
	require.Equal(t, e.user.ID, got.Edges.User.ID)
	_, err = e.svc.Redeem(ctx, tokenOf(t, l))
	require.ErrorIs(t, err, ErrUsed)

	l2, err := e.svc.CreateKitLink(e.as(perm.VaultReveal), []pulid.ID{e.profile.ID}, time.Minute)
	require.NoError(t, err)
	e.now = e.now.Add(time.Minute)
	_, err = e.svc.Redeem(ctx, tokenOf(t, l2))
	require.ErrorIs(t, err, ErrExpired, "a link stops working at expiresAt")

	_, err = e.svc.Redeem(ctx, strings.Repeat("A", len(tokenOf(t, l2))))
	require.ErrorIs(t, err, ErrInvalid)
	_, err = e.svc.Redeem(ctx, "not a token")
	require.ErrorIs(t, err, ErrInvalid)

	// Purge keeps expired links a day, so that a late click still says "expired".
	n, err := e.svc.Purge(ctx)
	require.NoError(t, err)
	require.Zero(t, n)
	e.now = e.now.Add(25 * time.Hour)
	n, err = e.svc.Purge(ctx)
	require.NoError(t, err)
	require.Equal(t, 2, n)
}

// TestLinkRedeemedOnceUnderConcurrency: many simultaneous uses of one link, one winner.
func TestLinkRedeemedOnceUnderConcurrency(t *testing.T) {
	e := newEnv(t)
	l, err := e.svc.CreateKitLink(e.as(perm.VaultReveal), []pulid.ID{e.profile.ID}, 0)
	require.NoError(t, err)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		ok, used int
	)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := e.svc.Redeem(context.Background(), tokenOf(t, l))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case errors.Is(err, ErrUsed):
				used++
			default:
				t.Errorf("redeem: %v", err)
			}
		}()
	}
	wg.Wait()
	require.Equal(t, 1, ok)
	require.Equal(t, 15, used)
}

// TestCreateLinkChecks: permissions, lifetimes and unknown items are refused with the field named.
func TestCreateLinkChecks(t *testing.T) {
	e := newEnv(t)
	_, err := e.svc.CreateKitLink(e.as(perm.VaultRead), []pulid.ID{e.profile.ID}, 0)
	var fe *authz.ForbiddenError
	require.ErrorAs(t, err, &fe)
	_, err = e.svc.CreateBackupLink(e.as(perm.StorageRead), "bak_unknown", false, 0)
	require.ErrorAs(t, err, &fe)

	var field *FieldError
	_, err = e.svc.CreateKitLink(e.as(perm.VaultReveal), nil, 0)
	require.ErrorAs(t, err, &field)
	require.Equal(t, "profiles", field.Field)
	_, err = e.svc.CreateKitLink(e.as(perm.VaultReveal), []pulid.ID{"epr_missing"}, 0)
	require.ErrorAs(t, err, &field)
	require.Equal(t, "profiles", field.Field)
	_, err = e.svc.CreateBackupLink(e.as(perm.StorageDownload), "bak_unknown", false, 0)
	require.ErrorAs(t, err, &field)
	require.Equal(t, "backup", field.Field)
	for _, d := range []time.Duration{-1, time.Second, MaxLifetime + time.Minute} {
		_, err = e.svc.CreateKitLink(e.as(perm.VaultReveal), []pulid.ID{e.profile.ID}, d)
		require.ErrorAs(t, err, &field, "lifetime %v", d)
		require.Equal(t, "expiresInMinutes", field.Field)
	}
	n := e.c.DownloadLink.Query().CountX(viewer.SystemContext(context.Background()))
	require.Zero(t, n, "nothing stored for a refused link")
}
