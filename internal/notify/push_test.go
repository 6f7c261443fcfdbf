package notify_test

import (
	"context"
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/notify"
)

func TestNtfyPublish(t *testing.T) {
	f := newFakeService(t)
	c := notify.Channel{Kind: notify.KindNtfy,
		Settings: map[string]string{"server_url": f.URL, "topic": "dbackup-alerts"},
		Secrets:  secrets("access_token", "tk_abcdefghijklmnop")}
	require.NoError(t, testSender(f).Send(context.Background(), c, testEvent()))

	r := f.only(t)
	require.Equal(t, "POST", r.Method)
	require.Equal(t, "/dbackup-alerts", r.Path)
	require.Equal(t, "Backup of shop failed", r.Header.Get("Title"))
	require.Equal(t, "5", r.Header.Get("Priority"))
	require.Equal(t, "rotating_light,backup.failure", r.Header.Get("Tags"))
	require.Equal(t, "https://dbackup.example.com/jobs/42", r.Header.Get("Click"))
	require.Equal(t, "Bearer tk_abcdefghijklmnop", r.Header.Get("Authorization"))
	require.Equal(t, "pg_dump exited with status 1 <stderr> & more\n\nJob: nightly\nSource: shop (postgres)\nError: connection refused",
		string(r.Body))
}

func TestNtfyBasicAuthAndEncodedTitle(t *testing.T) {
	f := newFakeService(t)
	c := notify.Channel{Kind: notify.KindNtfy,
		Settings: map[string]string{"server_url": f.URL + "/", "topic": "t", "username": "phil"},
		Secrets:  secrets("password", "hunter2hunter2")}
	e := notify.Event{Type: notify.EventBackupSuccess, Severity: notify.SeverityInfo, Title: "Sicherung erfolgreich ✓"}
	require.NoError(t, testSender(f).Send(context.Background(), c, e))

	r := f.only(t)
	require.Equal(t, "/t", r.Path)
	require.Equal(t, "Basic "+base64.StdEncoding.EncodeToString([]byte("phil:hunter2hunter2")), r.Header.Get("Authorization"))
	require.Equal(t, "=?utf-8?q?Sicherung_erfolgreich_=E2=9C=93?=", r.Header.Get("Title"), "non-ASCII titles are RFC 2047 encoded")
	require.Equal(t, "3", r.Header.Get("Priority"))
	require.Equal(t, "white_check_mark,backup.success", r.Header.Get("Tags"))
	require.Empty(t, r.Header.Get("Click"))
	require.Equal(t, "Sicherung erfolgreich ✓", string(r.Body), "an event without message sends its title")
}

func TestGotifyMessage(t *testing.T) {
	f := newFakeService(t)
	c := notify.Channel{Kind: notify.KindGotify,
		Settings: map[string]string{"server_url": f.URL + "/gotify/"},
		Secrets:  secrets("app_token", "AbCdEf.123456")}
	require.NoError(t, testSender(f).Send(context.Background(), c, testEvent()))

	r := f.only(t)
	require.Equal(t, "/gotify/message", r.Path)
	require.Equal(t, "AbCdEf.123456", r.Header.Get("X-Gotify-Key"))
	require.Equal(t, "application/json", r.Header.Get("Content-Type"))
	require.JSONEq(t, `{
		"title": "Backup of shop failed",
		"message": "pg_dump exited with status 1 <stderr> & more\n\nJob: nightly\nSource: shop (postgres)\nError: connection refused\n\nhttps://dbackup.example.com/jobs/42",
		"priority": 8,
		"extras": {
			"client::display": {"contentType": "text/plain"},
			"client::notification": {"click": {"url": "https://dbackup.example.com/jobs/42"}}}}`, string(r.Body))
}
