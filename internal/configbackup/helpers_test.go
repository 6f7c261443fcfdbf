package configbackup

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/auth/password"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/testutil/entdb"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// The secrets of the seeded instance; tests look for them in files and databases.
const (
	sourcePassword = "pg-secret-Hunter2-7f3a"
	sourceTLSKey   = "-----BEGIN PRIVATE KEY-----tls-key-9c1d"
	s3Secret       = "s3-secret-XYZ-41b7e2"
	webhookSecret  = "webhook-secret-abc-55d0"
	ssoSecret      = "sso-client-secret-123-a8f9"
	totpSecret     = "JBSWY3DPEHPK3PXP-totp-e61c"
	alicePassword  = "correct horse battery staple"
)

var testPass = vault.NewSecret("a long passphrase for the test")

// fastKDF keeps tests quick; the bounds allow it.
var fastKDF = KDFParams{Time: 1, MemoryKiB: minKDFMemory, Threads: 1}

func sysctx() context.Context { return viewer.SystemContext(context.Background()) }

func ptr(i int) *int { return &i }

// seeded is instance A: one of everything, with secrets.
type seeded struct {
	c          *ent.Client
	profileKey vault.Key
	aliceHash  string
}

func seed(t *testing.T) *seeded {
	t.Helper()
	ctx := sysctx()
	c := entdb.Open(t)
	s := &seeded{c: c}
	admins := c.Group.Create().SetName(perm.AdminsGroup).SetDescription("Administrators").SetBuiltin(true).
		SetPermissions(perm.AllSet().Strings()).SaveX(ctx)
	ops := c.Group.Create().SetName("Operators").SetDescription("Run backups").
		SetPermissions([]string{string(perm.JobsRead), string(perm.SourcesRead)}).SaveX(ctx)
	var err error
	s.aliceHash, err = password.Hash(vault.NewSecret(alicePassword))
	require.NoError(t, err)
	alice := c.User.Create().SetUsername("alice").SetEmail("alice@example.com").SetDisplayName("Alice").
		SetPasswordHash(s.aliceHash).SetTotpSecret(totpSecret).SetTotpEnabled(true).AddGroups(admins).SaveX(ctx)
	c.User.Create().SetUsername("bob").SetDisplayName("Bob").SetOidcIssuer("https://idp.example.com").
		SetOidcSubject("bob-sub").AddGroups(ops).SaveX(ctx)
	src := c.Source.Create().SetName("prod-pg").SetEngine("postgres").SetHost("db.example.com").SetPort(5432).
		SetUsername("backup").SetPassword(sourcePassword).SetDatabase("app").SetOptions(map[string]string{"sslrootcert": "x"}).
		SetTLSMode("require").SetTLSClientKey(sourceTLSKey).SaveX(ctx)
	c.Source.Create().SetName("cache").SetEngine("redis").SetHost("redis").SaveX(ctx)
	s3 := c.Destination.Create().SetName("s3-main").SetKind("s3").
		SetSettings(map[string]any{"bucket": "backups", "region": "eu-west-1", "partSizeMiB": 16}).
		SetAccessKeyID("AKIAEXAMPLE").SetSecretAccessKey(s3Secret).SaveX(ctx)
	local := c.Destination.Create().SetName("local").SetKind("local").SetSettings(map[string]any{"path": "/backups"}).SaveX(ctx)
	s.profileKey, err = vault.GenerateKey()
	require.NoError(t, err)
	prof := c.EncryptionProfile.Create().SetName("main-key").SetDescription("Production").
		SetKey(s.profileKey.Reveal()).SetKeyID(vault.KeyID(s.profileKey)).SaveX(ctx)
	hook := c.NotificationChannel.Create().SetName("hooks").SetKind("webhook").
		SetSettings(map[string]any{"url": "https://hooks.example.com/x"}).SetSecret(webhookSecret).
		SetSystemEvents([]string{"system.key_mismatch"}).SaveX(ctx)
	mail := c.NotificationChannel.Create().SetName("mail").SetKind("email").
		SetSettings(map[string]any{"host": "smtp.example.com"}).SaveX(ctx)
	c.SSOProvider.Create().SetName("Corp").SetIssuerURL("https://idp.example.com").SetClientID("dbackup").
		SetClientSecret(ssoSecret).SetScopes([]string{"email", "profile"}).SetGroupsClaim("groups").
		SetGroupMapping(map[string]string{"ops": "Operators"}).SetDefaultGroup("Operators").SaveX(ctx)
	job := c.Job.Create().SetName("nightly").SetSource(src).SetEncryptionProfile(prof).SetDatabases([]string{"app", "users"}).
		SetCompression("gzip").SetSchedule("0 3 * * *").SetTimezone("Europe/Berlin").SetCatchUp("skip").
		SetNameTemplate("{job}-{date}").AddNotifySuccess(hook).AddNotifyFailure(hook, mail).SaveX(ctx)
	c.JobTarget.Create().SetJob(job).SetDestination(s3).SetPosition(0).SetKeepLast(7).SetKeepDaily(14).ExecX(ctx)
	c.JobTarget.Create().SetJob(job).SetDestination(local).SetPosition(1).SetKeepDays(3).ExecX(ctx)
	c.APIKey.Create().SetName("ci").SetPrefix("dbk_ci12").SetSecretHash("sha256-of-the-key").
		SetScopes([]string{string(perm.JobsRead)}).SetOwner(alice).SetExpiresAt(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)).ExecX(ctx)
	c.Setting.Create().SetKey("retention.defaultKeepLast").SetValue("7").ExecX(ctx)
	return s
}

// export writes a sealed export of c with the test passphrase.
func export(t *testing.T, c *ent.Client, hashes bool) []byte {
	t.Helper()
	data, err := Export(sysctx(), c, ExportOptions{IncludeSecrets: true, Passphrase: testPass, IncludePasswordHashes: hashes,
		KDF: fastKDF, Now: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC), Version: "v-test"})
	require.NoError(t, err)
	return data
}

// counts returns the number of rows of each configuration table.
func counts(t *testing.T, c *ent.Client) map[string]int {
	t.Helper()
	ctx := sysctx()
	return map[string]int{
		"sources":      c.Source.Query().CountX(ctx),
		"destinations": c.Destination.Query().CountX(ctx),
		"profiles":     c.EncryptionProfile.Query().CountX(ctx),
		"channels":     c.NotificationChannel.Query().CountX(ctx),
		"sso":          c.SSOProvider.Query().CountX(ctx),
		"groups":       c.Group.Query().CountX(ctx),
		"users":        c.User.Query().CountX(ctx),
		"jobs":         c.Job.Query().CountX(ctx),
		"targets":      c.JobTarget.Query().CountX(ctx),
		"settings":     c.Setting.Query().CountX(ctx),
		"audit":        c.AuditEntry.Query().CountX(ctx),
	}
}

// changes indexes a plan by kind and name.
func changes(p Plan) map[string]Change {
	out := map[string]Change{}
	for _, c := range p.Changes {
		out[c.Kind+"/"+c.Name] = c
	}
	return out
}
