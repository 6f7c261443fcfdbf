package notify

import (
	"context"
	"strings"
)

var slackSpec = Spec{Kind: KindSlack, Label: "Slack", Fields: []Field{
	{Name: "webhook_url", Label: "Webhook URL", Type: FieldURL, Secret: true, Required: true,
		Help: "Incoming webhook URL of a Slack app (https://hooks.slack.com/services/…); stored encrypted, since it is the credential."},
}}

// Slack's documented block limits.
const (
	slackHeaderMax      = 150  // characters of a header block's plain_text
	slackSectionTextMax = 3000 // characters of a section's text
	slackFieldMax       = 2000 // characters of one section field
	slackFieldsPerBlock = 10   // fields in one section
	slackTextMax        = 4000 // characters of the fallback text Slack recommends
)

// slackMessage is an incoming-webhook message: text is the notification fallback, blocks the
// rendered layout.
type slackMessage struct {
	Text   string       `json:"text"`
	Blocks []slackBlock `json:"blocks"`
}

type slackBlock struct {
	Type   string      `json:"type"`
	Text   *slackText  `json:"text,omitempty"`
	Fields []slackText `json:"fields,omitempty"`
}

type slackText struct {
	Type  string `json:"type"` // "plain_text" or "mrkdwn"
	Text  string `json:"text"`
	Emoji bool   `json:"emoji,omitempty"`
}

func sendSlack(ctx context.Context, s *Sender, c Channel, e Event) error {
	target := c.value(slackSpec, "webhook_url")
	r := request{kind: KindSlack, op: "post to Slack webhook", url: target, red: newRedactor(c)}
	return s.postJSON(ctx, r, slackPayload(e))
}

func slackPayload(e Event) slackMessage {
	m := slackMessage{Text: truncate(e.Title+"\n"+e.text(), slackTextMax)}
	m.Blocks = append(m.Blocks, slackBlock{Type: "header",
		Text: &slackText{Type: "plain_text", Text: truncate(slackIcon(e)+" "+e.Title, slackHeaderMax), Emoji: true}})
	text := slackEscape(e.Message)
	if e.URL != "" {
		text += "\n<" + e.URL + "|Open in DBackup>"
	}
	if text = strings.TrimSpace(text); text != "" {
		m.Blocks = append(m.Blocks, slackBlock{Type: "section",
			Text: &slackText{Type: "mrkdwn", Text: truncate(text, slackSectionTextMax)}})
	}
	for i := 0; i < len(e.Fields); i += slackFieldsPerBlock {
		b := slackBlock{Type: "section"}
		for _, f := range e.Fields[i:min(i+slackFieldsPerBlock, len(e.Fields))] {
			b.Fields = append(b.Fields, slackText{Type: "mrkdwn",
				Text: truncate("*"+slackEscape(f.Key)+"*\n"+slackEscape(f.Value), slackFieldMax)})
		}
		m.Blocks = append(m.Blocks, b)
	}
	return m
}

// slackEscape escapes the three characters Slack's mrkdwn reserves for links and mentions.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// slackIcon is the emoji shortcode shown before the title.
func slackIcon(e Event) string {
	switch {
	case e.Severity == SeverityError:
		return ":x:"
	case e.Severity == SeverityWarning:
		return ":warning:"
	case e.success():
		return ":white_check_mark:"
	}
	return ":information_source:"
}
