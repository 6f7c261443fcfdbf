package syskey

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/dbackup/dbackup/internal/viewer"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/vault/entvault"
)

var sealedForm = regexp.MustCompile(`^dbk1\.[0-9a-f]{16}\.[A-Za-z0-9_-]+$`)

func TestEverySecretColumnIsSealedInTheRawRow(t *testing.T) {
	db, dir := newDB(t)
	s := mustOpen(t, db, dir, keys(t, newKey(t)))
	seed(t, s.Client())

	seen := map[string]bool{}
	require.NoError(t, scan(viewer.SystemContext(context.Background()), s.Client(), "sqlite3", func(v value) error {
		seen[v.Table+"."+v.Column] = true
		plain := plaintexts[v.Table][v.Column]
		require.Regexp(t, sealedForm, v.Sealed, "%s.%s", v.Table, v.Column)
		require.NotContains(t, v.Sealed, plain)
		got, err := entvault.Open(s.Keyring(), v.Table, v.Column, pulid.ID(v.ID), v.Sealed)
		require.NoError(t, err)
		require.Equal(t, plain, got.Reveal())
		return nil
	}))
	for table, cols := range ent.SecretColumns {
		if table == "key_checks" {
			continue
		}
		for _, c := range cols {
			require.True(t, seen[table+"."+c], "%s.%s is not covered by seed(): add it", table, c)
		}
	}

	// The key check's canary is sealed too.
	var canary string
	require.NoError(t, db.QueryRow(`SELECT canary FROM key_checks`).Scan(&canary))
	require.Regexp(t, sealedForm, canary)
}

func TestSealedValueMovedToAnotherPlaceFailsToOpen(t *testing.T) {
	db, dir := newDB(t)
	s := mustOpen(t, db, dir, keys(t, newKey(t)))
	seed(t, s.Client())
	ctx := viewer.SystemContext(context.Background())
	c := s.Client()
	other := c.Source.Create().SetName("other").SetEngine("mysql").SetPassword("other-password").SaveX(ctx)

	// Copy prod-db's password into the other row's password, and into its ssh_password column.
	_, err := db.Exec(`UPDATE sources SET password = (SELECT password FROM sources WHERE name = 'prod-db'),
		ssh_password = (SELECT password FROM sources WHERE name = 'prod-db') WHERE id = ?`, string(other.ID))
	require.NoError(t, err)
	moved := c.Source.GetX(ctx, other.ID)
	_, err = entvault.Open(s.Keyring(), "sources", "password", moved.ID, moved.Password)
	require.ErrorIs(t, err, vault.ErrTampered, "another row")
	_, err = entvault.Open(s.Keyring(), "sources", "ssh_password", moved.ID, moved.SSHPassword)
	require.ErrorIs(t, err, vault.ErrTampered, "another column")
	require.Equal(t, entvault.StateUndecryptable, entvault.StateOf(s.Keyring(), "sources", "password", moved.ID, moved.Password))
	require.Equal(t, entvault.StateUnset, entvault.StateOf(s.Keyring(), "sources", "tls_client_key", moved.ID, moved.TLSClientKey))
}

func TestHookRefusesBulkSecretsAndMissingKeyring(t *testing.T) {
	db, dir := newDB(t)
	s := mustOpen(t, db, dir, keys(t, newKey(t)))
	ctx := viewer.SystemContext(context.Background())
	s.Client().Source.Create().SetName("a").SetEngine("redis").SaveX(ctx)
	_, err := s.Client().Source.Update().SetPassword("x").Save(ctx)
	require.ErrorIs(t, err, entvault.ErrBulkSecret)

	bare := ent.NewClient(ent.Driver(entDriver(db, "sqlite3")))
	_, err = bare.Source.Create().SetName("b").SetEngine("redis").SetPassword("plain").Save(ctx)
	require.ErrorIs(t, err, entvault.ErrNoKeyring)
	require.Equal(t, 1, s.Client().Source.Query().CountX(ctx), "nothing was stored in clear")
}

func TestFirstStartGeneratesKeyAndLaterStartsReuseIt(t *testing.T) {
	db, dir := newDB(t)
	none := func(string) string { return "" }
	k, err := LoadKeys(none, dir)
	require.NoError(t, err)
	require.Nil(t, k.Keyring)

	s := mustOpen(t, db, dir, k)
	st, err := s.Status(viewer.SystemContext(context.Background()))
	require.NoError(t, err)
	require.Equal(t, StateGenerated, st.State)
	require.Contains(t, st.Message, "encryption.key")
	info, err := os.Stat(filepath.Join(dir, "encryption.key"))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	seed(t, s.Client())

	k2, err := LoadKeys(none, dir)
	require.NoError(t, err)
	require.True(t, k2.Generated)
	s2 := mustOpen(t, db, dir, k2)
	require.Equal(t, s.Keyring().PrimaryID(), s2.Keyring().PrimaryID())
	st, err = s2.Status(viewer.SystemContext(context.Background()))
	require.NoError(t, err)
	require.Equal(t, StateGenerated, st.State)
	require.Zero(t, st.UndecryptableSecrets)

	// The operator moves the key into ENCRYPTION_KEY: the state becomes OK.
	env := func(n string) string {
		if n == "ENCRYPTION_KEY" {
			return s.Keyring().Primary().Reveal()
		}
		return ""
	}
	k3, err := LoadKeys(env, dir)
	require.NoError(t, err)
	s3 := mustOpen(t, db, dir, k3)
	st, err = s3.Status(viewer.SystemContext(context.Background()))
	require.NoError(t, err)
	require.Equal(t, StateOK, st.State)

	// The key file is lost: the database holds secrets, so no new key is invented.
	require.NoError(t, os.Remove(filepath.Join(dir, "encryption.key")))
	k4, err := LoadKeys(none, dir)
	require.NoError(t, err)
	_, err = open(t, db, dir, k4, false)
	var missing *MissingKeyError
	require.ErrorAs(t, err, &missing)
	require.Contains(t, err.Error(), s.Keyring().PrimaryID())
	require.NoFileExists(t, filepath.Join(dir, "encryption.key"))
}

func TestMismatchIsReportedAndTheRightKeyFixesIt(t *testing.T) {
	db, dir := newDB(t)
	original, wrong := newKey(t), newKey(t)
	s := mustOpen(t, db, dir, keys(t, original))
	seed(t, s.Client())
	ctx := viewer.SystemContext(context.Background())

	_, err := open(t, db, dir, keys(t, wrong), true)
	require.ErrorIs(t, err, ErrStrictMismatch)

	bad := mustOpen(t, db, dir, keys(t, wrong))
	st, err := bad.Status(ctx)
	require.NoError(t, err)
	require.Equal(t, StateMismatch, st.State)
	require.Equal(t, vault.KeyID(wrong), st.KeyID)
	require.Equal(t, vault.KeyID(original), *st.ExpectedKeyID)
	require.Equal(t, seeded, st.UndecryptableSecrets)
	require.Contains(t, st.Message, vault.KeyID(original))

	// Listing works; opening a secret says which keys are involved.
	src := bad.Client().Source.Query().OnlyX(ctx)
	_, err = entvault.Open(bad.Keyring(), "sources", "password", src.ID, src.Password)
	var mm *vault.KeyMismatchError
	require.ErrorAs(t, err, &mm)
	require.Equal(t, vault.KeyID(original), mm.KeyID)

	// A secret re-entered in place under the wrong key works at once.
	bad.Client().Source.UpdateOne(src).SetPassword("re-entered").ExecX(ctx)
	src = bad.Client().Source.GetX(ctx, src.ID)
	got, err := entvault.Open(bad.Keyring(), "sources", "password", src.ID, src.Password)
	require.NoError(t, err)
	require.Equal(t, "re-entered", got.Reveal())

	// The original key back: everything else opens, with no data change.
	good := mustOpen(t, db, dir, keys(t, original))
	st, err = good.Status(ctx)
	require.NoError(t, err)
	require.Equal(t, StateOK, st.State)
	require.Equal(t, 1, st.UndecryptableSecrets, "only the value re-entered under the wrong key")
}

func TestForgetClearsExactlyTheUndecryptable(t *testing.T) {
	db, dir := newDB(t)
	original, replacement := newKey(t), newKey(t)
	seed(t, mustOpen(t, db, dir, keys(t, original)).Client())
	ctx := viewer.SystemContext(context.Background())

	s := mustOpen(t, db, dir, keys(t, replacement))
	src := s.Client().Source.Query().OnlyX(ctx)
	s.Client().Source.UpdateOne(src).SetPassword("new-password").ExecX(ctx)

	res, err := s.Forget(ctx, "admin")
	require.NoError(t, err)
	require.Len(t, res.Cleared, seeded-1)
	require.Equal(t, vault.KeyID(replacement), res.KeyID)
	for _, c := range res.Cleared {
		require.False(t, c.Table == "sources" && c.Column == "password", "a secret that opens is never cleared")
	}
	st, err := s.Status(ctx)
	require.NoError(t, err)
	require.Equal(t, StateOK, st.State)
	require.Zero(t, st.UndecryptableSecrets)
	src = s.Client().Source.GetX(ctx, src.ID)
	require.Equal(t, entvault.StateSet, entvault.StateOf(s.Keyring(), "sources", "password", src.ID, src.Password))
	require.Equal(t, entvault.StateUnset, entvault.StateOf(s.Keyring(), "sources", "ssh_password", src.ID, src.SSHPassword))

	audit := s.Client().AuditEntry.Query().OnlyX(ctx)
	require.Equal(t, "vault.forgetUndecryptableSecrets", audit.Action)
	require.Equal(t, "admin", audit.Actor)
	require.Len(t, audit.Fields, seeded-1)

	// A restart with the replacement key is OK now.
	st, err = mustOpen(t, db, dir, keys(t, replacement)).Status(ctx)
	require.NoError(t, err)
	require.Equal(t, StateOK, st.State)
}

func TestResealMovesEverySecretToTheNewKey(t *testing.T) {
	db, dir := newDB(t)
	oldKey, newK := newKey(t), newKey(t)
	seed(t, mustOpen(t, db, dir, keys(t, oldKey)).Client())
	ctx := viewer.SystemContext(context.Background())

	s := mustOpen(t, db, dir, keys(t, newK, oldKey))
	st, err := s.Status(ctx)
	require.NoError(t, err)
	require.Equal(t, StateRotating, st.State)
	require.Equal(t, &Progress{Done: 0, Total: seeded}, st.Rotation)

	dry, err := s.Reseal(ctx, ResealOptions{DryRun: true})
	require.NoError(t, err)
	require.Equal(t, seeded, dry.Resealed)
	res, err := s.Reseal(ctx, ResealOptions{BatchSize: 5})
	require.NoError(t, err)
	require.Equal(t, seeded, res.Resealed)
	again, err := s.Reseal(ctx, ResealOptions{})
	require.NoError(t, err)
	require.Equal(t, 0, again.Resealed, "a rerun finds nothing to do")
	require.Equal(t, seeded, again.Current)

	// The new key alone opens everything.
	only := mustOpen(t, db, dir, keys(t, newK))
	st, err = only.Status(ctx)
	require.NoError(t, err)
	require.Equal(t, StateOK, st.State)
	require.Zero(t, st.UndecryptableSecrets)
	require.Equal(t, []KeyCount{{KeyID: vault.KeyID(newK), Count: seeded, Loaded: true}}, st.SealedValues)
}

func TestResealRefusesUndecryptableUnlessForgetting(t *testing.T) {
	db, dir := newDB(t)
	a, b, c := newKey(t), newKey(t), newKey(t)
	seed(t, mustOpen(t, db, dir, keys(t, a)).Client())
	ctx := viewer.SystemContext(context.Background())
	// One value under a key that will not be loaded.
	sb := mustOpen(t, db, dir, keys(t, b, a))
	sso := sb.Client().SSOProvider.Query().OnlyX(ctx)
	sb.Client().SSOProvider.UpdateOne(sso).SetClientSecret("under-b").ExecX(ctx)

	s := mustOpen(t, db, dir, keys(t, c, a))
	res, err := s.Reseal(ctx, ResealOptions{})
	require.ErrorIs(t, err, ErrUndecryptable)
	require.Equal(t, []Cleared{{Table: "sso_providers", Column: "client_secret", ID: string(sso.ID)}}, res.Undecryptable)
	require.Zero(t, res.Resealed, "nothing was written")

	res, err = s.Reseal(ctx, ResealOptions{ForgetUndecryptable: true})
	require.NoError(t, err)
	require.Equal(t, seeded-1, res.Resealed)
	require.Len(t, res.Forgotten, 1)
	st, err := mustOpen(t, db, dir, keys(t, c)).Status(ctx)
	require.NoError(t, err)
	require.Equal(t, StateOK, st.State)
	require.Zero(t, st.UndecryptableSecrets)
}

func TestBackgroundRotationReportsProgressAndFinishes(t *testing.T) {
	db, dir := newDB(t)
	oldKey, newK := newKey(t), newKey(t)
	seed(t, mustOpen(t, db, dir, keys(t, oldKey)).Client())
	s := mustOpen(t, db, dir, keys(t, newK, oldKey))
	<-s.StartRotation(viewer.SystemContext(context.Background()))
	st, err := s.Status(viewer.SystemContext(context.Background()))
	require.NoError(t, err)
	require.Equal(t, StateOK, st.State)
	require.Nil(t, st.Rotation)
	require.False(t, errors.Is(err, ErrUndecryptable))
}
