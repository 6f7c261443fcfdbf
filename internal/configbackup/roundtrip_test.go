package configbackup

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/ent"
	entdest "github.com/dbackup/dbackup/ent/destination"
	entprofile "github.com/dbackup/dbackup/ent/encryptionprofile"
	entjob "github.com/dbackup/dbackup/ent/job"
	entjobtarget "github.com/dbackup/dbackup/ent/jobtarget"
	entchannel "github.com/dbackup/dbackup/ent/notificationchannel"
	entsource "github.com/dbackup/dbackup/ent/source"
	entsso "github.com/dbackup/dbackup/ent/ssoprovider"
	entuser "github.com/dbackup/dbackup/ent/user"
	"github.com/dbackup/dbackup/internal/auth/password"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/testutil/entdb"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/vault/entvault"
)

func TestRoundTripToAnInstanceWithAnotherKey(t *testing.T) {
	a := seed(t)
	b := entdb.Open(t)
	ctx := sysctx()
	require.NotEqual(t, keyring(a.c).PrimaryID(), keyring(b).PrimaryID(), "the two instances must have different keys")

	data := export(t, a.c, true)
	doc, err := Parse(data, testPass)
	require.NoError(t, err)
	plan, err := Apply(ctx, b, doc, PolicySkip)
	require.NoError(t, err)
	for _, ch := range plan.Changes {
		require.Equal(t, ActionCreate, ch.Action, "%s %s", ch.Kind, ch.Name)
	}
	require.Contains(t, plan.Warnings[len(plan.Warnings)-1], "1 API key(s) are not imported")

	// Every secret opens in B, under B's key, to the original value.
	open := func(table, col string, id pulid.ID, sealed string) string {
		t.Helper()
		require.Contains(t, sealed, "dbk1."+keyring(b).PrimaryID()+".", "sealed under B's key")
		v, err := entvault.Open(keyring(b), table, col, id, sealed)
		require.NoError(t, err)
		return v.Reveal()
	}
	src := b.Source.Query().Where(entsource.Name("prod-pg")).OnlyX(ctx)
	require.Equal(t, sourcePassword, open(entsource.Table, entsource.FieldPassword, src.ID, src.Password))
	require.Equal(t, sourceTLSKey, open(entsource.Table, entsource.FieldTLSClientKey, src.ID, src.TLSClientKey))
	require.Equal(t, "db.example.com", src.Host)
	require.Equal(t, 5432, src.Port)
	s3 := b.Destination.Query().Where(entdest.Name("s3-main")).OnlyX(ctx)
	require.Equal(t, s3Secret, open(entdest.Table, entdest.FieldSecretAccessKey, s3.ID, s3.SecretAccessKey))
	require.Equal(t, "AKIAEXAMPLE", s3.AccessKeyID)
	require.EqualValues(t, 16, s3.Settings["partSizeMiB"])
	prof := b.EncryptionProfile.Query().Where(entprofile.Name("main-key")).OnlyX(ctx)
	require.Equal(t, a.profileKey.Reveal(), open(entprofile.Table, entprofile.FieldKey, prof.ID, prof.Key))
	hook := b.NotificationChannel.Query().Where(entchannel.Name("hooks")).OnlyX(ctx)
	require.Equal(t, webhookSecret, open(entchannel.Table, entchannel.FieldSecret, hook.ID, hook.Secret))
	sso := b.SSOProvider.Query().Where(entsso.Name("Corp")).OnlyX(ctx)
	require.Equal(t, ssoSecret, open(entsso.Table, entsso.FieldClientSecret, sso.ID, sso.ClientSecret))
	require.Equal(t, "Operators", sso.DefaultGroup)
	alice := b.User.Query().Where(entuser.Username("alice")).WithGroups().OnlyX(ctx)
	require.Equal(t, totpSecret, open(entuser.Table, entuser.FieldTotpSecret, alice.ID, alice.TotpSecret))
	require.True(t, alice.TotpEnabled)
	ok, _, err := password.Verify(vault.NewSecret(alicePassword), alice.PasswordHash)
	require.NoError(t, err)
	require.True(t, ok, "alice signs in with her password on B")
	require.Len(t, alice.Edges.Groups, 1)
	require.True(t, alice.Edges.Groups[0].Builtin)

	// The job points at the right items, in order, with its retention and schedule.
	job := b.Job.Query().Where(entjob.Name("nightly")).WithSource().WithEncryptionProfile().
		WithTargets(func(q *ent.JobTargetQuery) { q.WithDestination().Order(ent.Asc(entjobtarget.FieldPosition)) }).
		WithNotifySuccess().WithNotifyFailure().WithNotifyPartial().OnlyX(ctx)
	require.Equal(t, src.ID, job.Edges.Source.ID)
	require.Equal(t, prof.ID, job.Edges.EncryptionProfile.ID)
	require.Equal(t, "0 3 * * *", job.Schedule)
	require.Equal(t, "Europe/Berlin", job.Timezone)
	require.Equal(t, entjob.CatchUpSkip, job.CatchUp)
	require.Equal(t, entjob.CompressionGzip, job.Compression)
	require.Equal(t, "{job}-{date}", job.NameTemplate)
	require.Equal(t, []string{"app", "users"}, job.Databases)
	require.NotNil(t, job.NextRunAt, "the scheduler knows when to run it")
	require.Len(t, job.Edges.Targets, 2)
	require.Equal(t, s3.ID, job.Edges.Targets[0].Edges.Destination.ID)
	require.Equal(t, 7, *job.Edges.Targets[0].KeepLast)
	require.Equal(t, 14, *job.Edges.Targets[0].KeepDaily)
	require.Nil(t, job.Edges.Targets[0].KeepDays)
	require.Equal(t, "local", job.Edges.Targets[1].Edges.Destination.Name)
	require.Equal(t, 3, *job.Edges.Targets[1].KeepDays)
	require.Equal(t, []string{"hooks"}, channelNames(job.Edges.NotifySuccess))
	require.Equal(t, []string{"hooks", "mail"}, channelNames(job.Edges.NotifyFailure))
	require.Empty(t, job.Edges.NotifyPartial)

	// B now holds the same configuration and secrets as A, API keys aside.
	want, err := load(ctx, a.c, loadOptions{secrets: true, hashes: true, strict: true})
	require.NoError(t, err)
	got, err := load(ctx, b, loadOptions{secrets: true, hashes: true, strict: true})
	require.NoError(t, err)
	want.items.APIKeys, got.items.APIKeys = nil, nil
	require.Equal(t, jsonOf(t, want.items), jsonOf(t, got.items))
	require.Equal(t, plainOf(t, want.secrets), plainOf(t, got.secrets))

	// Importing the same file again changes nothing.
	again, err := PlanImport(ctx, b, doc, PolicyOverwrite)
	require.NoError(t, err)
	for _, ch := range again.Changes {
		require.Equal(t, ActionUnchanged, ch.Action, "%s %s: %s", ch.Kind, ch.Name, ch.Detail)
	}
}

func TestExportIsDeterministicApartFromTheEnvelope(t *testing.T) {
	a := seed(t)
	one, err := Export(sysctx(), a.c, ExportOptions{Version: "v1"})
	require.NoError(t, err)
	two, err := Export(sysctx(), a.c, ExportOptions{Version: "v1", Now: mustParse(t, one).ExportedAt})
	require.NoError(t, err)
	require.Equal(t, string(one), string(two))
}

func TestExportWithoutSecretsHoldsNoSecret(t *testing.T) {
	a := seed(t)
	data, err := Export(sysctx(), a.c, ExportOptions{Version: "v1"})
	require.NoError(t, err)
	for _, s := range []string{sourcePassword, sourceTLSKey, s3Secret, webhookSecret, ssoSecret, totpSecret,
		a.profileKey.Reveal(), a.aliceHash, "sha256-of-the-key", "dbk1."} {
		require.False(t, bytes.Contains(data, []byte(s)), "the export contains %q", s)
	}
	doc, err := Parse(data, testPass)
	require.NoError(t, err)
	require.Equal(t, SecretsNone, doc.Secrets)
	require.Nil(t, doc.Envelope)
	require.Len(t, doc.Items.Jobs, 1)
	require.Equal(t, "alice", doc.Items.APIKeys[0].Owner)

	// The sealed export does not show them in clear either.
	sealed := export(t, a.c, true)
	for _, s := range []string{sourcePassword, s3Secret, webhookSecret, ssoSecret, totpSecret, a.profileKey.Reveal(), a.aliceHash} {
		require.False(t, bytes.Contains(sealed, []byte(s)), "the sealed export contains %q", s)
	}
}

func TestExportRefusesHashesWithoutSecretsAndSecretsWithoutPassphrase(t *testing.T) {
	c := entdb.Open(t)
	_, err := Export(sysctx(), c, ExportOptions{IncludePasswordHashes: true})
	require.ErrorIs(t, err, ErrHashesNeedSecrets)
	_, err = Export(sysctx(), c, ExportOptions{IncludeSecrets: true})
	require.ErrorIs(t, err, ErrPassphraseRequired)
	_, err = Export(sysctx(), c, ExportOptions{IncludeSecrets: true, Passphrase: testPass, KDF: KDFParams{Time: 1, MemoryKiB: 1, Threads: 1}})
	require.ErrorIs(t, err, ErrFormat)
}

func TestDefaultKDFRoundTrip(t *testing.T) {
	a := seed(t)
	data, err := Export(sysctx(), a.c, ExportOptions{IncludeSecrets: true, Passphrase: testPass})
	require.NoError(t, err)
	doc, err := Parse(data, testPass)
	require.NoError(t, err)
	require.Equal(t, DefaultKDF, doc.Envelope.KDFParams)
	require.Equal(t, sourcePassword, doc.Secret(KindSource, "prod-pg", entsource.FieldPassword).Reveal())
	require.True(t, doc.Secret(KindUser, "alice", entuser.FieldTotpSecret).IsEmpty(), "no hashes were asked for")
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	require.NoError(t, err)
	return string(b)
}

func plainOf(t *testing.T, s secretSet) string {
	t.Helper()
	b, err := s.plaintext()
	require.NoError(t, err)
	return string(b)
}

func mustParse(t *testing.T, data []byte) *Document {
	t.Helper()
	doc, err := Parse(data, testPass)
	require.NoError(t, err)
	return doc
}
