package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/notify"
)

const botToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"

func telegramChannel(apiURL string) notify.Channel {
	return notify.Channel{Kind: notify.KindTelegram,
		Settings: map[string]string{"chat_id": "-1001234567890", "api_url": apiURL},
		Secrets:  secrets("bot_token", botToken)}
}

func TestTelegramSendMessage(t *testing.T) {
	f := newFakeService(t)
	f.reply(200, `{"ok":true,"result":{"message_id":1}}`)
	require.NoError(t, testSender(f).Send(context.Background(), telegramChannel(f.URL+"/"), testEvent()))

	r := f.only(t)
	require.Equal(t, "/bot"+botToken+"/sendMessage", r.Path)
	require.Equal(t, "application/json", r.Header.Get("Content-Type"))
	require.JSONEq(t, `{
		"chat_id": "-1001234567890",
		"text": "<b>Backup of shop failed</b>\n\npg_dump exited with status 1 &lt;stderr&gt; &amp; more\n\n<b>Job:</b> nightly\n<b>Source:</b> shop (postgres)\n<b>Error:</b> connection refused\n\n<a href=\"https://dbackup.example.com/jobs/42\">Open in DBackup</a>",
		"parse_mode": "HTML",
		"disable_web_page_preview": true}`, string(r.Body))
}

func TestTelegramLongMessageIsCut(t *testing.T) {
	f := newFakeService(t)
	f.reply(200, `{"ok":true}`)
	e := testEvent()
	e.Message = strings.Repeat("<&>", 3000)
	require.NoError(t, testSender(f).Send(context.Background(), telegramChannel(f.URL), e))

	text := f.only(t).JSON(t)["text"].(string)
	require.LessOrEqual(t, utf8.RuneCountInString(text), 4096)
	require.True(t, strings.HasSuffix(text, "Open in DBackup</a>"), "the fields and link survive the cut")
	require.NotRegexp(t, `&[a-z]*…`, text, "no entity is cut in half")
}

func TestTelegramOKFalseIsPermanent(t *testing.T) {
	f := newFakeService(t)
	// The Bot API answers errors with a non-2xx status and ok:false; the description may echo the request.
	f.reply(400, `{"ok":false,"error_code":400,"description":"Bad Request: chat not found for bot`+botToken+`"}`)
	err := testSender(f).Send(context.Background(), telegramChannel(f.URL), testEvent())

	se := sendErr(t, err)
	require.False(t, se.Temporary())
	require.Equal(t, 400, se.StatusCode)
	require.Contains(t, err.Error(), "Bad Request: chat not found")
	require.NotContains(t, err.Error(), botToken)
	require.NotContains(t, err.Error(), "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw")
}

func TestTelegramOKFalseWith200(t *testing.T) {
	f := newFakeService(t)
	f.reply(200, `{"ok":false,"error_code":403,"description":"Forbidden: bot was kicked"}`)
	se := sendErr(t, testSender(f).Send(context.Background(), telegramChannel(f.URL), testEvent()))
	require.False(t, se.Temporary())
	require.Equal(t, 403, se.StatusCode)
	require.Contains(t, se.Error(), "Forbidden: bot was kicked")
}

func TestTelegramRetryAfterIsTemporary(t *testing.T) {
	f := newFakeService(t)
	f.reply(429, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 17","parameters":{"retry_after":17}}`)
	err := testSender(f).Send(context.Background(), telegramChannel(f.URL), testEvent())

	se := sendErr(t, err)
	require.True(t, se.Temporary())
	require.True(t, notify.IsTemporary(err))
	require.Equal(t, 17*time.Second, se.RetryAfter)
	require.NotContains(t, err.Error(), botToken)
}
