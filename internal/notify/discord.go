package notify

import (
	"context"
	"time"
	"unicode/utf8"
)

var discordSpec = Spec{Kind: KindDiscord, Label: "Discord", Fields: []Field{
	{Name: "webhook_url", Label: "Webhook URL", Type: FieldURL, Secret: true, Required: true,
		Help: "Channel webhook URL (https://discord.com/api/webhooks/…); stored encrypted, since it is the credential."},
}}

// Discord's documented message and embed limits, in characters.
const (
	discordTitleMax       = 256
	discordDescriptionMax = 4096
	discordFieldNameMax   = 256
	discordFieldValueMax  = 1024
	discordFieldsMax      = 25
	discordEmbedTotalMax  = 6000 // title, description, field names and values together
)

// The embed colours, by severity.
const (
	discordColorInfo    = 0x3B82F6
	discordColorSuccess = 0x22C55E
	discordColorWarning = 0xF59E0B
	discordColorError   = 0xEF4444
)

// discordMessage is an execute-webhook body with one embed. allowed_mentions is empty so that
// an error message containing @everyone cannot ping a channel.
type discordMessage struct {
	Embeds          []discordEmbed  `json:"embeds"`
	AllowedMentions discordMentions `json:"allowed_mentions"`
}

type discordMentions struct {
	Parse []string `json:"parse"`
}

type discordEmbed struct {
	Title       string         `json:"title"`
	Description string         `json:"description,omitempty"`
	URL         string         `json:"url,omitempty"`
	Color       int            `json:"color"`
	Fields      []discordField `json:"fields,omitempty"`
	Timestamp   string         `json:"timestamp"`
}

type discordField struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline"`
}

func sendDiscord(ctx context.Context, s *Sender, c Channel, e Event) error {
	target := c.value(discordSpec, "webhook_url")
	r := request{kind: KindDiscord, op: "post to Discord webhook", url: target, red: newRedactor(c)}
	return s.postJSON(ctx, r, discordPayload(e))
}

func discordPayload(e Event) discordMessage {
	em := discordEmbed{
		Title:     truncate(e.Title, discordTitleMax),
		URL:       e.URL,
		Color:     discordColor(e),
		Timestamp: e.Time.Format(time.RFC3339),
	}
	budget := discordEmbedTotalMax - utf8.RuneCountInString(em.Title)
	for _, f := range e.Fields {
		if len(em.Fields) == discordFieldsMax {
			break
		}
		// Discord rejects empty names and values.
		df := discordField{Name: truncate(orDash(f.Key), discordFieldNameMax),
			Value: truncate(orDash(f.Value), discordFieldValueMax), Inline: true}
		n := utf8.RuneCountInString(df.Name) + utf8.RuneCountInString(df.Value)
		if n > budget {
			break
		}
		budget -= n
		em.Fields = append(em.Fields, df)
	}
	em.Description = truncate(e.Message, min(discordDescriptionMax, budget))
	return discordMessage{Embeds: []discordEmbed{em}, AllowedMentions: discordMentions{Parse: []string{}}}
}

func discordColor(e Event) int {
	switch {
	case e.Severity == SeverityError:
		return discordColorError
	case e.Severity == SeverityWarning:
		return discordColorWarning
	case e.success():
		return discordColorSuccess
	}
	return discordColorInfo
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
