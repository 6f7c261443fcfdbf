package configbackup

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/ent"
	entgroup "github.com/dbackup/dbackup/ent/group"
	entjob "github.com/dbackup/dbackup/ent/job"
	entchannel "github.com/dbackup/dbackup/ent/notificationchannel"
	entsetting "github.com/dbackup/dbackup/ent/setting"
	entsource "github.com/dbackup/dbackup/ent/source"
	entuser "github.com/dbackup/dbackup/ent/user"
	"github.com/dbackup/dbackup/internal/account"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/testutil/entdb"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/vault/entvault"
)

// drifted is instance B after importing A's export and then being changed locally: the source
// prod-pg points at another host, the webhook has another secret, the cache source is gone, bob
// has another display name and a setting has another value.
func drifted(t *testing.T) (*Document, *ent.Client) {
	t.Helper()
	ctx := sysctx()
	a := seed(t)
	doc, err := Parse(export(t, a.c, true), testPass)
	require.NoError(t, err)
	b := entdb.Open(t)
	_, err = Apply(ctx, b, doc, PolicySkip)
	require.NoError(t, err)
	b.Source.Update().Where(entsource.Name("prod-pg")).SetHost("db2.example.com").ExecX(ctx)
	hook := b.NotificationChannel.Query().Where(entchannel.Name("hooks")).OnlyX(ctx)
	b.NotificationChannel.UpdateOne(hook).SetSecret("another-secret").ExecX(ctx)
	b.Source.Delete().Where(entsource.Name("cache")).ExecX(ctx)
	b.User.Update().Where(entuser.Username("bob")).SetDisplayName("Robert").ExecX(ctx)
	b.Setting.Update().Where(entsetting.Key("retention.defaultKeepLast")).SetValue("30").ExecX(ctx)
	return doc, b
}

func TestPlanImportShowsEachKindOfChange(t *testing.T) {
	doc, b := drifted(t)
	before := counts(t, b)
	plan, err := PlanImport(sysctx(), b, doc, PolicySkip)
	require.NoError(t, err)
	require.Equal(t, before, counts(t, b), "a plan writes nothing")
	got := changes(plan)
	require.Len(t, got, len(plan.Changes), "one change per item")
	for key, want := range map[string]string{
		"source/cache":                      ActionCreate,
		"source/prod-pg":                    ActionConflict,
		"notificationChannel/hooks":         ActionConflict,
		"user/bob":                          ActionConflict,
		"setting/retention.defaultKeepLast": ActionConflict,
		"destination/s3-main":               ActionUnchanged,
		"destination/local":                 ActionUnchanged,
		"notificationChannel/mail":          ActionUnchanged,
		"encryptionProfile/main-key":        ActionUnchanged,
		"ssoProvider/Corp":                  ActionUnchanged,
		"group/Operators":                   ActionUnchanged,
		"group/Admins":                      ActionUnchanged,
		"user/alice":                        ActionUnchanged,
		"job/nightly":                       ActionUnchanged,
	} {
		require.Equal(t, want, got[key].Action, "%s: %s", key, got[key].Detail)
	}
	require.Contains(t, got["source/prod-pg"].Detail, "host")
	require.NotContains(t, got["source/prod-pg"].Detail, "secrets")
	require.Contains(t, got["notificationChannel/hooks"].Detail, "secrets")
	require.Contains(t, got["user/bob"].Detail, "displayName")

	over, err := PlanImport(sysctx(), b, doc, PolicyOverwrite)
	require.NoError(t, err)
	require.Equal(t, ActionUpdate, changes(over)["source/prod-pg"].Action)
	require.Equal(t, ActionCreate, changes(over)["source/cache"].Action)

	_, err = PlanImport(sysctx(), b, doc, Policy("merge"))
	require.ErrorIs(t, err, ErrInvalid)
}

func TestSkipKeepsExistingItems(t *testing.T) {
	doc, b := drifted(t)
	ctx := sysctx()
	_, err := Apply(ctx, b, doc, PolicySkip)
	require.NoError(t, err)
	require.Equal(t, "db2.example.com", b.Source.Query().Where(entsource.Name("prod-pg")).OnlyX(ctx).Host)
	require.Equal(t, "30", b.Setting.Query().Where(entsetting.Key("retention.defaultKeepLast")).OnlyX(ctx).Value)
	require.True(t, b.Source.Query().Where(entsource.Name("cache")).ExistX(ctx), "missing items are created")
	require.Equal(t, "another-secret", channelSecret(t, b, "hooks"))
}

func TestOverwriteUpdatesInPlace(t *testing.T) {
	doc, b := drifted(t)
	ctx := sysctx()
	src := b.Source.Query().Where(entsource.Name("prod-pg")).OnlyX(ctx)
	hook := b.NotificationChannel.Query().Where(entchannel.Name("hooks")).OnlyX(ctx)
	_, err := Apply(ctx, b, doc, PolicyOverwrite)
	require.NoError(t, err)
	after := b.Source.Query().Where(entsource.Name("prod-pg")).OnlyX(ctx)
	require.Equal(t, src.ID, after.ID, "the id is kept")
	require.Equal(t, "db.example.com", after.Host)
	require.Equal(t, hook.ID, b.NotificationChannel.Query().Where(entchannel.Name("hooks")).OnlyX(ctx).ID)
	require.Equal(t, webhookSecret, channelSecret(t, b, "hooks"))
	require.Equal(t, "Bob", b.User.Query().Where(entuser.Username("bob")).OnlyX(ctx).DisplayName)
	require.Equal(t, "7", b.Setting.Query().Where(entsetting.Key("retention.defaultKeepLast")).OnlyX(ctx).Value)
	require.Equal(t, 1, b.Job.Query().CountX(ctx))
	require.Equal(t, 2, b.JobTarget.Query().CountX(ctx))

	plan, err := PlanImport(ctx, b, doc, PolicySkip)
	require.NoError(t, err)
	for _, ch := range plan.Changes {
		require.Equal(t, ActionUnchanged, ch.Action, "%s %s: %s", ch.Kind, ch.Name, ch.Detail)
	}
}

func TestRenameCreatesCopiesAndRewritesReferences(t *testing.T) {
	doc, b := drifted(t)
	ctx := sysctx()
	plan, err := Apply(ctx, b, doc, PolicyRename)
	require.NoError(t, err)
	got := changes(plan)
	require.Equal(t, Change{Kind: KindSource, Name: "prod-pg", Action: ActionCreate, NewName: "prod-pg (imported)",
		Detail: `differs in host; imported as "prod-pg (imported)"`}, got["source/prod-pg"])
	require.Equal(t, "hooks (imported)", got["notificationChannel/hooks"].NewName)
	require.Equal(t, "bob-imported", got["user/bob"].NewName)
	require.Equal(t, "nightly (imported)", got["job/nightly"].NewName, "the job differs once its source is renamed")
	require.Equal(t, ActionConflict, got["setting/retention.defaultKeepLast"].Action, "settings cannot be renamed")

	// The originals stay as they were.
	require.Equal(t, "db2.example.com", b.Source.Query().Where(entsource.Name("prod-pg")).OnlyX(ctx).Host)
	require.Equal(t, "another-secret", channelSecret(t, b, "hooks"))
	orig := b.Job.Query().Where(entjob.Name("nightly")).WithSource().WithNotifySuccess().OnlyX(ctx)
	require.Equal(t, "prod-pg", orig.Edges.Source.Name)
	require.Equal(t, []string{"hooks"}, channelNames(orig.Edges.NotifySuccess))

	// The copies carry the file's content and point at each other.
	imported := b.Source.Query().Where(entsource.Name("prod-pg (imported)")).OnlyX(ctx)
	require.Equal(t, "db.example.com", imported.Host)
	v, err := entvault.Open(keyring(b), entsource.Table, entsource.FieldPassword, imported.ID, imported.Password)
	require.NoError(t, err)
	require.Equal(t, sourcePassword, v.Reveal())
	require.Equal(t, webhookSecret, channelSecret(t, b, "hooks (imported)"))
	job := b.Job.Query().Where(entjob.Name("nightly (imported)")).WithSource().WithNotifySuccess().WithNotifyFailure().OnlyX(ctx)
	require.Equal(t, imported.ID, job.Edges.Source.ID)
	require.Equal(t, []string{"hooks (imported)"}, channelNames(job.Edges.NotifySuccess))
	require.Equal(t, []string{"hooks (imported)", "mail"}, channelNames(job.Edges.NotifyFailure))
	bob := b.User.Query().Where(entuser.Username("bob-imported")).WithGroups().OnlyX(ctx)
	require.Equal(t, "Bob", bob.DisplayName)
	require.Equal(t, "Operators", bob.Edges.Groups[0].Name)

	// A second rename import picks the next free names.
	plan, err = PlanImport(ctx, b, doc, PolicyRename)
	require.NoError(t, err)
	require.Equal(t, "prod-pg (imported 2)", changes(plan)["source/prod-pg"].NewName)
	require.Equal(t, "bob-imported-2", changes(plan)["user/bob"].NewName)
}

func TestTheAdminsGroupIsNeverChanged(t *testing.T) {
	doc, b := drifted(t)
	ctx := sysctx()
	admins := b.Group.Query().Where(entgroup.Name(perm.AdminsGroup)).OnlyX(ctx)
	b.Group.UpdateOne(admins).SetDescription("Our admins").ExecX(ctx)
	for _, policy := range []Policy{PolicyOverwrite, PolicyRename} {
		plan, err := Apply(ctx, b, doc, policy)
		require.NoError(t, err)
		ch := changes(plan)["group/Admins"]
		require.Equal(t, ActionUnchanged, ch.Action)
		require.Empty(t, ch.NewName)
		require.Equal(t, 1, b.Group.Query().Where(entgroup.Builtin(true)).CountX(ctx))
		require.Equal(t, "Our admins", b.Group.Query().Where(entgroup.Name(perm.AdminsGroup)).OnlyX(ctx).Description)
	}
}

func TestUsersWithoutHashesCannotSignInWithAPassword(t *testing.T) {
	a := seed(t)
	ctx := sysctx()
	data, err := Export(ctx, a.c, ExportOptions{IncludeSecrets: true, Passphrase: testPass, KDF: fastKDF})
	require.NoError(t, err)
	doc, err := Parse(data, testPass)
	require.NoError(t, err)
	b := entdb.Open(t)
	plan, err := Apply(ctx, b, doc, PolicySkip)
	require.NoError(t, err)
	require.Contains(t, plan.Warnings[0], "alice, bob")
	alice := b.User.Query().Where(entuser.Username("alice")).OnlyX(ctx)
	require.Empty(t, alice.PasswordHash)
	require.False(t, alice.TotpEnabled)
	require.Empty(t, alice.TotpSecret)

	accounts, err := account.New(b, keyring(b), account.Options{})
	require.NoError(t, err)
	for _, pw := range []string{"", alicePassword} {
		_, err = accounts.Login(context.Background(), account.LoginInput{Username: "alice", Password: vault.NewSecret(pw), IP: "192.0.2.1"})
		require.ErrorIs(t, err, account.ErrInvalidCredentials)
	}
}

func TestApplyIsAtomic(t *testing.T) {
	a := seed(t)
	ctx := sysctx()
	b := entdb.Open(t)
	before := counts(t, b)
	doc, err := Parse(export(t, a.c, true), testPass)
	require.NoError(t, err)
	// The job is written last but one; its retention breaks the schema's minimum of 1, so
	// the database refuses it after every source, destination, user and profile was written.
	doc.Items.Jobs[0].Targets[1].KeepDays = ptr(0)
	_, err = Apply(ctx, b, doc, PolicySkip)
	require.Error(t, err)
	require.Contains(t, err.Error(), `job "nightly"`)
	require.Equal(t, before, counts(t, b), "nothing was written")

	// A document changed after Parse into an inconsistent one is refused before writing.
	doc.Items.Jobs[0].Targets[1].KeepDays = ptr(3)
	doc.Items.Jobs[0].Source = "gone"
	_, err = Apply(ctx, b, doc, PolicySkip)
	require.ErrorIs(t, err, ErrInvalid)
	require.Equal(t, before, counts(t, b))
}

func channelSecret(t *testing.T, c *ent.Client, name string) string {
	t.Helper()
	ch := c.NotificationChannel.Query().Where(entchannel.Name(name)).OnlyX(sysctx())
	v, err := entvault.Open(keyring(c), entchannel.Table, entchannel.FieldSecret, ch.ID, ch.Secret)
	require.NoError(t, err)
	return v.Reveal()
}
