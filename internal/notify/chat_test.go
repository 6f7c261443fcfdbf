package notify_test

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/notify"
)

func webhookChannel(kind notify.Kind, url string) notify.Channel {
	return notify.Channel{Kind: kind, Secrets: secrets("webhook_url", url)}
}

func TestSlackBlocks(t *testing.T) {
	f := newFakeService(t)
	c := webhookChannel(notify.KindSlack, f.URL+"/services/T0000/B0000/XXXXXXXX")
	require.NoError(t, testSender(f).Send(context.Background(), c, testEvent()))

	r := f.only(t)
	require.Equal(t, "/services/T0000/B0000/XXXXXXXX", r.Path)
	require.Equal(t, "application/json", r.Header.Get("Content-Type"))
	require.JSONEq(t, `{
		"text": "Backup of shop failed\npg_dump exited with status 1 <stderr> & more\n\nJob: nightly\nSource: shop (postgres)\nError: connection refused\n\nhttps://dbackup.example.com/jobs/42",
		"blocks": [
			{"type": "header", "text": {"type": "plain_text", "text": ":x: Backup of shop failed", "emoji": true}},
			{"type": "section", "text": {"type": "mrkdwn",
				"text": "pg_dump exited with status 1 &lt;stderr&gt; &amp; more\n<https://dbackup.example.com/jobs/42|Open in DBackup>"}},
			{"type": "section", "fields": [
				{"type": "mrkdwn", "text": "*Job*\nnightly"},
				{"type": "mrkdwn", "text": "*Source*\nshop (postgres)"},
				{"type": "mrkdwn", "text": "*Error*\nconnection refused"}]}
		]}`, string(r.Body))
}

func TestSlackSplitsFieldsAtTen(t *testing.T) {
	f := newFakeService(t)
	e := testEvent()
	e.Fields = nil
	for range 12 {
		e.Fields = append(e.Fields, notify.KV{Key: "k", Value: "v"})
	}
	e.Title = strings.Repeat("t", 300)
	require.NoError(t, testSender(f).Send(context.Background(), webhookChannel(notify.KindSlack, f.URL), e))

	blocks := f.only(t).JSON(t)["blocks"].([]any)
	header := blocks[0].(map[string]any)["text"].(map[string]any)["text"].(string)
	require.Equal(t, 150, utf8.RuneCountInString(header), "header text is cut to Slack's 150")
	require.Len(t, blocks[2].(map[string]any)["fields"], 10)
	require.Len(t, blocks[3].(map[string]any)["fields"], 2)
}

func TestDiscordEmbed(t *testing.T) {
	f := newFakeService(t)
	c := webhookChannel(notify.KindDiscord, f.URL+"/api/webhooks/123456789012345678/tokentokentoken")
	require.NoError(t, testSender(f).Send(context.Background(), c, testEvent()))

	r := f.only(t)
	require.Equal(t, "/api/webhooks/123456789012345678/tokentokentoken", r.Path)
	require.JSONEq(t, `{
		"embeds": [{
			"title": "Backup of shop failed",
			"description": "pg_dump exited with status 1 <stderr> & more",
			"url": "https://dbackup.example.com/jobs/42",
			"color": 15680580,
			"fields": [
				{"name": "Job", "value": "nightly", "inline": true},
				{"name": "Source", "value": "shop (postgres)", "inline": true},
				{"name": "Error", "value": "connection refused", "inline": true}],
			"timestamp": "2025-01-02T03:04:05Z"}],
		"allowed_mentions": {"parse": []}}`, string(r.Body))
}

func TestDiscordLimits(t *testing.T) {
	f := newFakeService(t)
	e := testEvent()
	e.Title = strings.Repeat("t", 300)
	e.Message = strings.Repeat("m", 5000)
	e.Fields = nil
	for range 30 {
		e.Fields = append(e.Fields, notify.KV{Key: "", Value: strings.Repeat("v", 2000)})
	}
	require.NoError(t, testSender(f).Send(context.Background(), webhookChannel(notify.KindDiscord, f.URL), e))

	embed := f.only(t).JSON(t)["embeds"].([]any)[0].(map[string]any)
	title, desc := embed["title"].(string), embed["description"].(string)
	require.Equal(t, 256, utf8.RuneCountInString(title))
	require.LessOrEqual(t, utf8.RuneCountInString(desc), 4096)
	total := utf8.RuneCountInString(title) + utf8.RuneCountInString(desc)
	fields := embed["fields"].([]any)
	require.LessOrEqual(t, len(fields), 25)
	for _, x := range fields {
		fl := x.(map[string]any)
		require.Equal(t, "-", fl["name"], "empty names are replaced, Discord rejects them")
		require.Equal(t, 1024, utf8.RuneCountInString(fl["value"].(string)))
		total += 1 + 1024
	}
	require.LessOrEqual(t, total, 6000, "the whole embed stays within Discord's 6000")
}

func TestDiscordColors(t *testing.T) {
	for _, tc := range []struct {
		name, typ, severity string
		color               float64
	}{
		{"error", notify.EventBackupFailure, notify.SeverityError, 0xEF4444},
		{"warning", notify.EventBackupPartial, notify.SeverityWarning, 0xF59E0B},
		{"success", notify.EventBackupSuccess, notify.SeverityInfo, 0x22C55E},
		{"info", notify.EventTest, notify.SeverityInfo, 0x3B82F6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeService(t)
			e := notify.Event{Type: tc.typ, Severity: tc.severity, Title: "x"}
			require.NoError(t, testSender(f).Send(context.Background(), webhookChannel(notify.KindDiscord, f.URL), e))
			require.Equal(t, tc.color, f.only(t).JSON(t)["embeds"].([]any)[0].(map[string]any)["color"])
		})
	}
}

func TestTeamsAdaptiveCard(t *testing.T) {
	f := newFakeService(t)
	f.reply(202, "")
	c := webhookChannel(notify.KindTeams, f.URL+"/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=SIGNATURE123")
	require.NoError(t, testSender(f).Send(context.Background(), c, testEvent()))

	r := f.only(t)
	require.Equal(t, "/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=SIGNATURE123", r.Path)
	require.JSONEq(t, `{
		"type": "message",
		"attachments": [{
			"contentType": "application/vnd.microsoft.card.adaptive",
			"contentUrl": null,
			"content": {
				"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
				"type": "AdaptiveCard",
				"version": "1.4",
				"body": [
					{"type": "TextBlock", "text": "Backup of shop failed", "size": "Medium", "weight": "Bolder", "color": "Attention", "wrap": true},
					{"type": "TextBlock", "text": "pg_dump exited with status 1 <stderr> & more", "wrap": true},
					{"type": "FactSet", "facts": [
						{"title": "Job", "value": "nightly"},
						{"title": "Source", "value": "shop (postgres)"},
						{"title": "Error", "value": "connection refused"}]}
				],
				"actions": [{"type": "Action.OpenUrl", "title": "Open in DBackup", "url": "https://dbackup.example.com/jobs/42"}],
				"msteams": {"width": "Full"}
			}}]}`, string(r.Body))
}
