package notify

import (
	"context"
	"net/http"
	"strings"
)

var gotifySpec = Spec{Kind: KindGotify, Label: "Gotify", Fields: []Field{
	{Name: "server_url", Label: "Server URL", Type: FieldURL, Required: true,
		Help: "Base URL of the Gotify server, such as https://gotify.example.com."},
	{Name: "app_token", Label: "Application token", Type: FieldSecret, Secret: true, Required: true,
		Help: "Token of the Gotify application DBackup posts as; stored encrypted."},
}}

// gotifyMessage is the body of POST /message.
type gotifyMessage struct {
	Title    string         `json:"title"`
	Message  string         `json:"message"`
	Priority int            `json:"priority"`
	Extras   map[string]any `json:"extras,omitempty"`
}

func sendGotify(ctx context.Context, s *Sender, c Channel, e Event) error {
	target := strings.TrimRight(c.value(gotifySpec, "server_url"), "/") + "/message"
	h := http.Header{}
	h.Set("X-Gotify-Key", c.value(gotifySpec, "app_token"))
	r := request{kind: KindGotify, op: "post to Gotify " + redactURL(target), url: target, header: h, red: newRedactor(c)}
	return s.postJSON(ctx, r, gotifyPayload(e))
}

func gotifyPayload(e Event) gotifyMessage {
	// Gotify rejects an empty message.
	m := gotifyMessage{Title: e.Title, Message: e.text(), Priority: gotifyPriority(e)}
	if m.Message == "" {
		m.Message = e.Title
	}
	m.Extras = map[string]any{"client::display": map[string]string{"contentType": "text/plain"}}
	if e.URL != "" {
		m.Extras["client::notification"] = map[string]any{"click": map[string]string{"url": e.URL}}
	}
	return m
}

// gotifyPriority maps severity onto Gotify's 0–10: the Android app makes a sound from 4 and
// shows a heads-up notification from 8.
func gotifyPriority(e Event) int {
	switch e.Severity {
	case SeverityError:
		return 8
	case SeverityWarning:
		return 6
	}
	return 4
}
