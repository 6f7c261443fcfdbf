package notify

import (
	"context"
	"slices"
)

// Kind is a channel kind, stored with each channel.
type Kind string

// The channel kinds.
const (
	KindEmail    Kind = "email"
	KindWebhook  Kind = "webhook"
	KindSlack    Kind = "slack"
	KindDiscord  Kind = "discord"
	KindTeams    Kind = "teams"
	KindTelegram Kind = "telegram"
	KindNtfy     Kind = "ntfy"
	KindGotify   Kind = "gotify"
)

// FieldType tells the web interface which input to draw for a field, and Validate how to check
// it.
type FieldType string

// The field types.
const (
	FieldString FieldType = "string" // one line of text
	FieldInt    FieldType = "int"    // a base-10 integer
	FieldBool   FieldType = "bool"   // "true" or "false"
	FieldEnum   FieldType = "enum"   // one of Options
	FieldText   FieldType = "text"   // several lines, such as a PEM certificate
	FieldURL    FieldType = "url"    // an absolute http or https URL
	FieldSecret FieldType = "secret" // a password or token
)

// Field describes one setting or secret of a channel kind.
type Field struct {
	// Name is the snake_case key in Channel.Settings or, when Secret, in Channel.Secrets.
	Name  string
	Label string
	Help  string
	Type  FieldType
	// Secret fields are sealed in the vault, passed in Channel.Secrets, never shown back and
	// redacted from errors. A secret may have any Type: a Slack webhook URL is a FieldURL that
	// is secret because its path is the credential.
	Secret bool
	// Required fields must be non-empty; optional ones fall back to Default.
	Required bool
	Default  string
	// Options lists the allowed values of a FieldEnum.
	Options []string
}

// Spec describes one channel kind: its form, in order.
type Spec struct {
	Kind   Kind
	Label  string
	Fields []Field
}

// Field returns the field called name.
func (s Spec) Field(name string) (Field, bool) {
	i := slices.IndexFunc(s.Fields, func(f Field) bool { return f.Name == name })
	if i < 0 {
		return Field{}, false
	}
	return s.Fields[i], true
}

// Specs returns every channel kind, in the order the web interface offers them.
func Specs() []Spec {
	specs := make([]Spec, len(kinds))
	for i, k := range kinds {
		specs[i] = k.spec
	}
	return specs
}

// Lookup returns the spec of kind k.
func Lookup(k Kind) (Spec, bool) {
	if d, ok := lookup(k); ok {
		return d.spec, true
	}
	return Spec{}, false
}

// driver is what one kind contributes: its form, the checks Spec cannot express, and how to
// send.
type driver struct {
	spec Spec
	// check validates what the field types cannot, such as fields that exclude each other; nil
	// for none.
	check func(c Channel) error
	send  func(ctx context.Context, s *Sender, c Channel, e Event) error
}

// kinds lists every driver in form order.
var kinds = []driver{
	{spec: emailSpec, check: checkEmail, send: sendEmail},
	{spec: webhookSpec, check: checkWebhook, send: sendWebhook},
	{spec: slackSpec, send: sendSlack},
	{spec: discordSpec, send: sendDiscord},
	{spec: teamsSpec, send: sendTeams},
	{spec: telegramSpec, check: checkTelegram, send: sendTelegram},
	{spec: ntfySpec, check: checkNtfy, send: sendNtfy},
	{spec: gotifySpec, send: sendGotify},
}

func lookup(k Kind) (driver, bool) {
	i := slices.IndexFunc(kinds, func(d driver) bool { return d.spec.Kind == k })
	if i < 0 {
		return driver{}, false
	}
	return kinds[i], true
}

// KindNames are the kinds' names, in the order of Specs.
func KindNames() []string {
	specs := Specs()
	out := make([]string, len(specs))
	for i, s := range specs {
		out[i] = string(s.Kind)
	}
	return out
}
