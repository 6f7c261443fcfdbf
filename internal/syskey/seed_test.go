package syskey

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/dbackup/dbackup/internal/viewer"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/database"
	"github.com/dbackup/dbackup/internal/vault"
)

// plaintexts are the secrets seed stores, by table and column; tests look for them in raw rows.
var plaintexts = map[string]map[string]string{
	"sources": {
		"password": "src-password-1", "tls_client_key": "src-tls-key-1", "ssh_password": "src-ssh-pass-1",
		"ssh_private_key": "src-ssh-key-1", "ssh_private_key_passphrase": "src-ssh-phrase-1",
	},
	"destinations": {
		"secret_access_key": "dst-s3-secret-1", "password": "dst-pass-1", "private_key": "dst-key-1",
		"private_key_passphrase": "dst-phrase-1", "oauth_client_secret": "dst-oauth-secret-1",
		"oauth_refresh_token": "dst-refresh-1", "oauth_access_token": "dst-access-1",
	},
	"encryption_profiles": {"key": "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"},
	"sso_providers":       {"client_secret": "sso-secret-1"},
	"users":               {"totp_secret": "JBSWY3DPEHPK3PXP", "recovery_codes": "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"},
	"api_keys":            {"secret_hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
	"notification_channels": {
		"password": "ntc-smtp-pass-1", "secret": "ntc-hmac-1", "headers": "Authorization: Bearer ntc-header-1",
		"webhook_url": "https://hooks.example.com/ntc-webhook-1", "bot_token": "123:ntc-bot-1",
		"access_token": "ntc-access-1", "app_token": "ntc-app-1",
	},
}

// seeded is how many secrets seed stores.
var seeded = func() int {
	n := 0
	for _, cols := range plaintexts {
		n += len(cols)
	}
	return n
}()

// seed stores one entity of every type with every secret field set, through the ent client.
func seed(t *testing.T, c *ent.Client) {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	p := plaintexts
	c.Source.Create().SetName("prod-db").SetEngine("postgres").SetHost("db.internal").SetUsername("backup").
		SetPassword(p["sources"]["password"]).SetTLSClientKey(p["sources"]["tls_client_key"]).
		SetSSHPassword(p["sources"]["ssh_password"]).SetSSHPrivateKey(p["sources"]["ssh_private_key"]).
		SetSSHPrivateKeyPassphrase(p["sources"]["ssh_private_key_passphrase"]).SaveX(ctx)
	c.Destination.Create().SetName("s3").SetKind("s3").SetAccessKeyID("AKIA").
		SetSecretAccessKey(p["destinations"]["secret_access_key"]).SetPassword(p["destinations"]["password"]).
		SetPrivateKey(p["destinations"]["private_key"]).SetPrivateKeyPassphrase(p["destinations"]["private_key_passphrase"]).
		SetOauthClientSecret(p["destinations"]["oauth_client_secret"]).SetOauthRefreshToken(p["destinations"]["oauth_refresh_token"]).
		SetOauthAccessToken(p["destinations"]["oauth_access_token"]).SaveX(ctx)
	c.EncryptionProfile.Create().SetName("default").SetKeyID("abcd").SetKey(p["encryption_profiles"]["key"]).SaveX(ctx)
	c.SSOProvider.Create().SetName("Keycloak").SetIssuerURL("https://id.example.com").SetClientID("dbackup").
		SetClientSecret(p["sso_providers"]["client_secret"]).SaveX(ctx)
	u := c.User.Create().SetUsername("admin").SetTotpSecret(p["users"]["totp_secret"]).
		SetRecoveryCodes(p["users"]["recovery_codes"]).SaveX(ctx)
	c.APIKey.Create().SetName("ci").SetPrefix("dbk_abcd").SetSecretHash(p["api_keys"]["secret_hash"]).SetOwner(u).SaveX(ctx)
	n := p["notification_channels"]
	c.NotificationChannel.Create().SetName("ops").SetKind("webhook").SetPassword(n["password"]).SetSecret(n["secret"]).
		SetHeaders(n["headers"]).SetWebhookURL(n["webhook_url"]).SetBotToken(n["bot_token"]).
		SetAccessToken(n["access_token"]).SetAppToken(n["app_token"]).SaveX(ctx)
}

// newDB returns a migrated, empty SQLite database in a temporary folder.
func newDB(t *testing.T) (*sql.DB, string) {
	t.Helper()
	dir := t.TempDir()
	cfg, err := database.ParseURL("sqlite://" + filepath.Join(dir, "dbackup.db"))
	require.NoError(t, err)
	require.NoError(t, database.Migrate(viewer.SystemContext(context.Background()), cfg, 0))
	db, err := database.Open(viewer.SystemContext(context.Background()), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	return db.DB, dir
}

// keys returns a keyring of the given keys, the first primary.
func keys(t *testing.T, ks ...vault.Key) Keys {
	t.Helper()
	kr, err := vault.NewKeyring(ks[0], ks[1:]...)
	require.NoError(t, err)
	return Keys{Keyring: kr, Source: "ENCRYPTION_KEY"}
}

func newKey(t *testing.T) vault.Key {
	t.Helper()
	k, err := vault.GenerateKey()
	require.NoError(t, err)
	return k
}

func open(t *testing.T, db *sql.DB, dir string, k Keys, strict bool) (*Service, error) {
	t.Helper()
	return Open(viewer.SystemContext(context.Background()), db, "sqlite3", k, Options{DataDir: dir, Strict: strict})
}

func mustOpen(t *testing.T, db *sql.DB, dir string, k Keys) *Service {
	t.Helper()
	s, err := open(t, db, dir, k, false)
	require.NoError(t, err)
	return s
}
