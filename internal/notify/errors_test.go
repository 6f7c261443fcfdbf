package notify_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/notify"
)

// httpKind builds a channel of one HTTP kind aimed at base, and lists the secrets that must never
// appear in an error.
type httpKind struct {
	kind    notify.Kind
	channel func(base string) notify.Channel
	secrets []string
}

func httpKinds() []httpKind {
	return []httpKind{
		{notify.KindWebhook, func(base string) notify.Channel {
			return notify.Channel{Kind: notify.KindWebhook, Settings: map[string]string{"url": base + "/hook?token=qtok-9f8e7d6c5b"},
				Secrets: secrets("secret", "sign-key-0123456789", "headers", "Authorization: Bearer hdr-secret-4242")}
		}, []string{"qtok-9f8e7d6c5b", "sign-key-0123456789", "hdr-secret-4242"}},
		{notify.KindSlack, func(base string) notify.Channel {
			return webhookChannel(notify.KindSlack, base+"/services/T01ABCDEF/B01ABCDEF/slackslackslack0123")
		}, []string{"slackslackslack0123", "B01ABCDEF"}},
		{notify.KindDiscord, func(base string) notify.Channel {
			return webhookChannel(notify.KindDiscord, base+"/api/webhooks/112233445566778899/discord-token-xyz-0123")
		}, []string{"discord-token-xyz-0123", "112233445566778899"}},
		{notify.KindTeams, func(base string) notify.Channel {
			return webhookChannel(notify.KindTeams, base+"/workflows/3f2a9c1e7b/invoke?api-version=1&sig=teams-sig-77665544")
		}, []string{"teams-sig-77665544", "3f2a9c1e7b"}},
		{notify.KindTelegram, func(base string) notify.Channel { return telegramChannel(base) },
			[]string{botToken}},
		{notify.KindNtfy, func(base string) notify.Channel {
			return notify.Channel{Kind: notify.KindNtfy, Settings: map[string]string{"server_url": base, "topic": "alerts"},
				Secrets: secrets("access_token", "tk_ntfysecret0123")}
		}, []string{"tk_ntfysecret0123"}},
		{notify.KindGotify, func(base string) notify.Channel {
			return notify.Channel{Kind: notify.KindGotify, Settings: map[string]string{"server_url": base},
				Secrets: secrets("app_token", "gotify-app-token-55")}
		}, []string{"gotify-app-token-55"}},
	}
}

func requireNoSecrets(t *testing.T, err error, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		require.NotContains(t, err.Error(), s)
	}
}

func TestHTTPErrors(t *testing.T) {
	for _, k := range httpKinds() {
		t.Run(string(k.kind), func(t *testing.T) {
			t.Run("500 is temporary", func(t *testing.T) {
				f := newFakeService(t)
				f.reply(500, "internal error")
				err := testSender(f).Send(context.Background(), k.channel(f.URL), testEvent())
				se := sendErr(t, err)
				require.True(t, se.Temporary())
				require.True(t, notify.IsTemporary(err))
				require.Equal(t, 500, se.StatusCode)
				require.Equal(t, k.kind, se.Kind)
			})
			t.Run("400 is permanent with a redacted body snippet", func(t *testing.T) {
				f := newFakeService(t)
				// A service that echoes the request: every secret in the body must be redacted.
				f.reply(400, "invalid payload; you sent "+strings.Join(k.secrets, " ")+" "+strings.Repeat("x", 1000))
				err := testSender(f).Send(context.Background(), k.channel(f.URL), testEvent())
				se := sendErr(t, err)
				require.False(t, se.Temporary())
				require.False(t, notify.IsTemporary(err))
				require.Equal(t, 400, se.StatusCode)
				require.Contains(t, err.Error(), "invalid payload; you sent ***")
				require.LessOrEqual(t, len([]rune(se.Detail)), 300)
				requireNoSecrets(t, err, k.secrets)
			})
			t.Run("429 is temporary with Retry-After", func(t *testing.T) {
				f := newFakeService(t)
				f.header.Set("Retry-After", "30")
				f.reply(429, "slow down")
				se := sendErr(t, testSender(f).Send(context.Background(), k.channel(f.URL), testEvent()))
				require.True(t, se.Temporary())
				require.Equal(t, 429, se.StatusCode)
				if k.kind != notify.KindTelegram { // Telegram says retry_after in its JSON instead
					require.Equal(t, 30*time.Second, se.RetryAfter)
				}
			})
			t.Run("network failure is temporary and redacted", func(t *testing.T) {
				f := newFakeService(t)
				base := f.URL
				f.Close()
				err := testSender(nil).Send(context.Background(), k.channel(base), testEvent())
				se := sendErr(t, err)
				require.True(t, se.Temporary(), "%v", err)
				require.Zero(t, se.StatusCode)
				requireNoSecrets(t, err, k.secrets)
			})
			t.Run("cancelled is permanent", func(t *testing.T) {
				f := newFakeService(t)
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				err := testSender(f).Send(ctx, k.channel(f.URL), testEvent())
				sendErr(t, err)
				require.False(t, notify.IsTemporary(err))
				require.True(t, errors.Is(err, context.Canceled))
				requireNoSecrets(t, err, k.secrets)
			})
		})
	}
}

func TestSendRejectsInvalidChannel(t *testing.T) {
	err := notify.Send(context.Background(), notify.Channel{Kind: notify.KindSlack}, testEvent())
	var fe *notify.FieldError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "webhook_url", fe.Field)
	require.False(t, notify.IsTemporary(err))
}

func TestDefaultClientTimesOut(t *testing.T) {
	require.Equal(t, 15*time.Second, notify.Timeout)
	// A handler that never answers within the context's deadline is a temporary failure.
	block := make(chan struct{})
	f := newFakeService(t)
	f.Config.Handler = http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-block })
	t.Cleanup(func() { close(block) })
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := testSender(f).Send(ctx, httpKinds()[1].channel(f.URL), testEvent())
	require.True(t, notify.IsTemporary(err), "%v", err)
}
