package notify

import "context"

var teamsSpec = Spec{Kind: KindTeams, Label: "Microsoft Teams", Fields: []Field{
	{Name: "webhook_url", Label: "Webhook URL", Type: FieldURL, Secret: true, Required: true,
		Help: "URL of a Teams Workflows \"when a webhook request is received\" flow or an incoming webhook; stored encrypted, since it is the credential."},
}}

// teamsCardVersion is the Adaptive Card schema version: 1.4 renders in every Teams client and
// in the Workflows "post card" action.
const teamsCardVersion = "1.4"

// teamsMessage wraps one Adaptive Card the way Teams webhooks and Workflows expect.
type teamsMessage struct {
	Type        string            `json:"type"` // "message"
	Attachments []teamsAttachment `json:"attachments"`
}

type teamsAttachment struct {
	ContentType string    `json:"contentType"`
	ContentURL  *string   `json:"contentUrl"` // always null, as in Microsoft's examples
	Content     teamsCard `json:"content"`
}

type teamsCard struct {
	Schema  string        `json:"$schema"`
	Type    string        `json:"type"` // "AdaptiveCard"
	Version string        `json:"version"`
	Body    []any         `json:"body"`
	Actions []teamsAction `json:"actions,omitempty"`
	MSTeams teamsWidth    `json:"msteams"`
}

type teamsWidth struct {
	Width string `json:"width"`
}

type teamsTextBlock struct {
	Type   string `json:"type"` // "TextBlock"
	Text   string `json:"text"`
	Size   string `json:"size,omitempty"`
	Weight string `json:"weight,omitempty"`
	Color  string `json:"color,omitempty"`
	Wrap   bool   `json:"wrap"`
}

type teamsFactSet struct {
	Type  string      `json:"type"` // "FactSet"
	Facts []teamsFact `json:"facts"`
}

type teamsFact struct {
	Title string `json:"title"`
	Value string `json:"value"`
}

type teamsAction struct {
	Type  string `json:"type"` // "Action.OpenUrl"
	Title string `json:"title"`
	URL   string `json:"url"`
}

func sendTeams(ctx context.Context, s *Sender, c Channel, e Event) error {
	target := c.value(teamsSpec, "webhook_url")
	r := request{kind: KindTeams, op: "post to Teams webhook", url: target, red: newRedactor(c)}
	return s.postJSON(ctx, r, teamsPayload(e))
}

func teamsPayload(e Event) teamsMessage {
	card := teamsCard{
		Schema:  "http://adaptivecards.io/schemas/adaptive-card.json",
		Type:    "AdaptiveCard",
		Version: teamsCardVersion,
		MSTeams: teamsWidth{Width: "Full"},
		Body: []any{teamsTextBlock{Type: "TextBlock", Text: e.Title, Size: "Medium", Weight: "Bolder",
			Color: teamsColor(e), Wrap: true}},
	}
	if e.Message != "" {
		card.Body = append(card.Body, teamsTextBlock{Type: "TextBlock", Text: e.Message, Wrap: true})
	}
	if len(e.Fields) > 0 {
		fs := teamsFactSet{Type: "FactSet"}
		for _, f := range e.Fields {
			fs.Facts = append(fs.Facts, teamsFact{Title: f.Key, Value: f.Value})
		}
		card.Body = append(card.Body, fs)
	}
	if e.URL != "" {
		card.Actions = []teamsAction{{Type: "Action.OpenUrl", Title: "Open in DBackup", URL: e.URL}}
	}
	return teamsMessage{Type: "message", Attachments: []teamsAttachment{{
		ContentType: "application/vnd.microsoft.card.adaptive", Content: card}}}
}

// teamsColor is the Adaptive Card text colour of the title.
func teamsColor(e Event) string {
	switch {
	case e.Severity == SeverityError:
		return "Attention"
	case e.Severity == SeverityWarning:
		return "Warning"
	case e.success():
		return "Good"
	}
	return "Default"
}
