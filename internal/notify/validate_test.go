package notify_test

import (
	"errors"
	"maps"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/notify"
	"github.com/dbackup/dbackup/internal/vault"
)

func TestSpecs(t *testing.T) {
	var kinds []notify.Kind
	for _, s := range notify.Specs() {
		kinds = append(kinds, s.Kind)
		require.NotEmpty(t, s.Label)
		for _, f := range s.Fields {
			require.NotEmpty(t, f.Name, s.Kind)
			require.NotEmpty(t, f.Label, "%s.%s", s.Kind, f.Name)
			require.NotEmpty(t, f.Help, "%s.%s", s.Kind, f.Name)
			require.Equal(t, f.Type == notify.FieldSecret, f.Type == notify.FieldSecret && f.Secret,
				"%s.%s: a FieldSecret is always Secret", s.Kind, f.Name)
			require.False(t, f.Required && f.Default != "", "%s.%s: required with a default", s.Kind, f.Name)
		}
		got, ok := notify.Lookup(s.Kind)
		require.True(t, ok)
		require.Equal(t, s, got)
	}
	require.Equal(t, []notify.Kind{"email", "webhook", "slack", "discord", "teams", "telegram", "ntfy", "gotify"}, kinds)

	secretURLs := map[notify.Kind]string{notify.KindSlack: "webhook_url", notify.KindDiscord: "webhook_url",
		notify.KindTeams: "webhook_url", notify.KindTelegram: "bot_token"}
	for k, name := range secretURLs {
		s, _ := notify.Lookup(k)
		f, ok := s.Field(name)
		require.True(t, ok)
		require.True(t, f.Secret, "%s.%s is a credential", k, name)
	}
	tg, _ := notify.Lookup(notify.KindTelegram)
	api, _ := tg.Field("api_url")
	require.Equal(t, "https://api.telegram.org", api.Default)
	nt, _ := notify.Lookup(notify.KindNtfy)
	srv, _ := nt.Field("server_url")
	require.Equal(t, "https://ntfy.sh", srv.Default)
}

// valid returns a valid channel of each kind.
func valid() map[notify.Kind]notify.Channel {
	return map[notify.Kind]notify.Channel{
		notify.KindEmail: {Kind: notify.KindEmail, Settings: map[string]string{"host": "smtp.example.com",
			"from": "DBackup <dbackup@example.com>", "to": "ops@example.com, dba@example.com", "username": "u"},
			Secrets: secrets("password", "p")},
		notify.KindWebhook:  {Kind: notify.KindWebhook, Settings: map[string]string{"url": "https://example.com/hook"}},
		notify.KindSlack:    webhookChannel(notify.KindSlack, "https://hooks.slack.com/services/T/B/X"),
		notify.KindDiscord:  webhookChannel(notify.KindDiscord, "https://discord.com/api/webhooks/1/x"),
		notify.KindTeams:    webhookChannel(notify.KindTeams, "https://prod.westeurope.logic.azure.com/workflows/x"),
		notify.KindTelegram: {Kind: notify.KindTelegram, Settings: map[string]string{"chat_id": "@dbackup_alerts"}, Secrets: secrets("bot_token", botToken)},
		notify.KindNtfy:     {Kind: notify.KindNtfy, Settings: map[string]string{"topic": "dbackup"}},
		notify.KindGotify:   {Kind: notify.KindGotify, Settings: map[string]string{"server_url": "https://gotify.example.com"}, Secrets: secrets("app_token", "A")},
	}
}

func TestValidateAcceptsValid(t *testing.T) {
	for k, c := range valid() {
		require.NoError(t, notify.Validate(c), k)
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		kind   notify.Kind
		set    map[string]string // merged into the valid settings; "" deletes
		secret map[string]string // merged into the valid secrets; "" deletes
		field  string
		hidden string // must not appear in the message
	}{
		{name: "unknown kind", kind: "pager", field: "kind"},
		{name: "unknown setting", kind: notify.KindSlack, set: map[string]string{"colour": "red"}, field: "colour"},
		{name: "secret in settings", kind: notify.KindSlack, set: map[string]string{"webhook_url": "https://x/y"}, field: "webhook_url"},
		{name: "unknown secret", kind: notify.KindNtfy, secret: map[string]string{"topic": "x"}, field: "topic"},

		{name: "email host missing", kind: notify.KindEmail, set: map[string]string{"host": ""}, field: "host"},
		{name: "email port not a number", kind: notify.KindEmail, set: map[string]string{"port": "smtp"}, field: "port"},
		{name: "email port out of range", kind: notify.KindEmail, set: map[string]string{"port": "70000"}, field: "port"},
		{name: "email security unknown", kind: notify.KindEmail, set: map[string]string{"security": "ssl"}, field: "security"},
		{name: "email from invalid", kind: notify.KindEmail, set: map[string]string{"from": "not an address"}, field: "from"},
		{name: "email to missing", kind: notify.KindEmail, set: map[string]string{"to": ""}, field: "to"},
		{name: "email to invalid", kind: notify.KindEmail, set: map[string]string{"to": "ops@example.com; dba"}, field: "to"},
		{name: "email skip verify not bool", kind: notify.KindEmail, set: map[string]string{"insecure_skip_verify": "yes please"}, field: "insecure_skip_verify"},
		{name: "email ca not PEM", kind: notify.KindEmail, set: map[string]string{"ca_cert": "MIIB..."}, field: "ca_cert"},
		{name: "email password without user", kind: notify.KindEmail, set: map[string]string{"username": ""}, field: "username"},

		{name: "webhook url missing", kind: notify.KindWebhook, set: map[string]string{"url": ""}, field: "url"},
		{name: "webhook url not http", kind: notify.KindWebhook, set: map[string]string{"url": "ftp://example.com/?key=topsecret"}, field: "url", hidden: "topsecret"},
		{name: "webhook header malformed", kind: notify.KindWebhook, secret: map[string]string{"headers": "Authorization Bearer hidden-token"}, field: "headers", hidden: "hidden-token"},
		{name: "webhook header reserved", kind: notify.KindWebhook, secret: map[string]string{"headers": "X-DBackup-Signature: forged-value"}, field: "headers", hidden: "forged-value"},

		{name: "slack url missing", kind: notify.KindSlack, secret: map[string]string{"webhook_url": ""}, field: "webhook_url"},
		{name: "slack url relative", kind: notify.KindSlack, secret: map[string]string{"webhook_url": "/services/T/B/slacktoken"}, field: "webhook_url", hidden: "slacktoken"},
		{name: "discord url missing", kind: notify.KindDiscord, secret: map[string]string{"webhook_url": ""}, field: "webhook_url"},
		{name: "teams url bad", kind: notify.KindTeams, secret: map[string]string{"webhook_url": "teams sig=abc"}, field: "webhook_url", hidden: "sig=abc"},

		{name: "telegram token missing", kind: notify.KindTelegram, secret: map[string]string{"bot_token": ""}, field: "bot_token"},
		{name: "telegram chat missing", kind: notify.KindTelegram, set: map[string]string{"chat_id": ""}, field: "chat_id"},
		{name: "telegram chat invalid", kind: notify.KindTelegram, set: map[string]string{"chat_id": "my group"}, field: "chat_id"},
		{name: "telegram api url invalid", kind: notify.KindTelegram, set: map[string]string{"api_url": "api.telegram.org"}, field: "api_url"},

		{name: "ntfy topic missing", kind: notify.KindNtfy, set: map[string]string{"topic": ""}, field: "topic"},
		{name: "ntfy topic invalid", kind: notify.KindNtfy, set: map[string]string{"topic": "a/b"}, field: "topic"},
		{name: "ntfy server invalid", kind: notify.KindNtfy, set: map[string]string{"server_url": "ntfy.sh"}, field: "server_url"},
		{name: "ntfy token and password", kind: notify.KindNtfy, set: map[string]string{"username": "u"},
			secret: map[string]string{"access_token": "tk_secret", "password": "pw-secret"}, field: "access_token", hidden: "pw-secret"},
		{name: "ntfy user without password", kind: notify.KindNtfy, set: map[string]string{"username": "u"}, field: "password"},
		{name: "ntfy password without user", kind: notify.KindNtfy, secret: map[string]string{"password": "pw-secret"}, field: "username", hidden: "pw-secret"},

		{name: "gotify server missing", kind: notify.KindGotify, set: map[string]string{"server_url": ""}, field: "server_url"},
		{name: "gotify token missing", kind: notify.KindGotify, secret: map[string]string{"app_token": ""}, field: "app_token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := valid()[tc.kind]
			c.Kind = tc.kind
			c.Settings = maps.Clone(c.Settings)
			if c.Settings == nil {
				c.Settings = map[string]string{}
			}
			for k, v := range tc.set {
				if v == "" {
					delete(c.Settings, k)
				} else {
					c.Settings[k] = v
				}
			}
			c.Secrets = maps.Clone(c.Secrets)
			if c.Secrets == nil {
				c.Secrets = map[string]vault.Secret{}
			}
			for k, v := range tc.secret {
				if v == "" {
					delete(c.Secrets, k)
				} else {
					c.Secrets[k] = vault.NewSecret(v)
				}
			}
			err := notify.Validate(c)
			var fe *notify.FieldError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, tc.field, fe.Field, "%v", err)
			require.NotEmpty(t, fe.Msg)
			require.NotEmpty(t, fe.Hint, "the error says how to fix it")
			require.Equal(t, connerr.Config, connerr.KindOf(err), "maps to INVALID_CONFIG like storage errors")
			if tc.hidden != "" {
				require.NotContains(t, err.Error(), tc.hidden)
				require.NotContains(t, errors.Unwrap(err).Error(), tc.hidden)
			}
		})
	}
}
