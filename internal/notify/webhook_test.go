package notify_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/notify"
)

func TestWebhookPayloadAndSignature(t *testing.T) {
	f := newFakeService(t)
	c := notify.Channel{Kind: notify.KindWebhook,
		Settings: map[string]string{"url": f.URL + "/hook?key=abc"},
		Secrets:  secrets("secret", "s3cr3t-signing-key", "headers", "Authorization: Bearer tok-123\nX-Env: prod")}
	require.NoError(t, testSender(f).Send(context.Background(), c, testEvent()))

	r := f.only(t)
	require.Equal(t, "POST", r.Method)
	require.Equal(t, "/hook?key=abc", r.Path)
	require.Equal(t, "application/json", r.Header.Get("Content-Type"))
	require.Equal(t, "DBackup", r.Header.Get("User-Agent"))
	require.Equal(t, "Bearer tok-123", r.Header.Get("Authorization"))
	require.Equal(t, "prod", r.Header.Get("X-Env"))
	require.Equal(t, "backup.failure", r.Header.Get("X-DBackup-Event"))

	require.JSONEq(t, `{
		"type": "backup.failure", "severity": "error", "title": "Backup of shop failed",
		"message": "pg_dump exited with status 1 <stderr> & more",
		"fields": [{"name": "Job", "value": "nightly"}, {"name": "Source", "value": "shop (postgres)"},
		           {"name": "Error", "value": "connection refused"}],
		"url": "https://dbackup.example.com/jobs/42", "time": "2025-01-02T03:04:05Z"}`, string(r.Body))

	ts := r.Header.Get("X-DBackup-Timestamp")
	require.Equal(t, strconv.FormatInt(testTime.Add(60e9).Unix(), 10), ts, "timestamp is the send time")
	mac := hmac.New(sha256.New, []byte("s3cr3t-signing-key"))
	mac.Write([]byte(ts + "." + string(r.Body)))
	require.Equal(t, "sha256="+hex.EncodeToString(mac.Sum(nil)), r.Header.Get("X-DBackup-Signature"))
}

func TestWebhookWithoutSecretIsUnsigned(t *testing.T) {
	f := newFakeService(t)
	c := notify.Channel{Kind: notify.KindWebhook, Settings: map[string]string{"url": f.URL}}
	e := notify.Event{Type: notify.EventTest, Title: "Test"}
	require.NoError(t, testSender(f).Send(context.Background(), c, e))

	r := f.only(t)
	require.Empty(t, r.Header.Get("X-DBackup-Signature"))
	require.Empty(t, r.Header.Get("X-DBackup-Timestamp"))
	body := r.JSON(t)
	require.Equal(t, "info", body["severity"], "an empty severity is sent as info")
	require.Equal(t, []any{}, body["fields"], "fields is always an array")
	require.Equal(t, "2025-01-02T03:05:05Z", body["time"], "a zero time is the send time")
	require.NotContains(t, body, "url")
}
