package notify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
	"time"
)

var webhookSpec = Spec{Kind: KindWebhook, Label: "Webhook", Fields: []Field{
	{Name: "url", Label: "URL", Type: FieldURL, Required: true,
		Help: "Address DBackup POSTs the JSON event to."},
	{Name: "secret", Label: "Signing secret", Type: FieldSecret, Secret: true,
		Help: "When set, each request carries X-DBackup-Timestamp and X-DBackup-Signature: sha256=<hex HMAC-SHA256 of timestamp + \".\" + body>."},
	{Name: "headers", Label: "Extra headers", Type: FieldText, Secret: true,
		Help: "One \"Name: value\" per line, such as an Authorization header; stored encrypted."},
}}

// The headers of a webhook request.
const (
	headerEvent     = "X-DBackup-Event"
	headerTimestamp = "X-DBackup-Timestamp"
	headerSignature = "X-DBackup-Signature"
)

// webhookPayload is the documented JSON body; see the package documentation.
type webhookPayload struct {
	Type     string         `json:"type"`
	Severity string         `json:"severity"`
	Title    string         `json:"title"`
	Message  string         `json:"message"`
	Fields   []webhookField `json:"fields"`
	URL      string         `json:"url,omitempty"`
	Time     string         `json:"time"`
}

type webhookField struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

func sendWebhook(ctx context.Context, s *Sender, c Channel, e Event) error {
	target := c.value(webhookSpec, "url")
	p := webhookPayload{Type: e.Type, Severity: e.Severity, Title: e.Title, Message: e.Message,
		Fields: make([]webhookField, len(e.Fields)), URL: e.URL, Time: e.Time.Format(time.RFC3339)}
	for i, f := range e.Fields {
		p.Fields[i] = webhookField{Name: f.Key, Value: f.Value}
	}
	body, err := json.Marshal(p)
	if err != nil {
		return &SendError{Kind: KindWebhook, Op: "encode webhook payload", Detail: err.Error(), err: err}
	}
	// Validate has parsed the headers already.
	custom, _ := parseHeaders(c.value(webhookSpec, "headers"))
	header := custom.Clone()
	header.Set("Content-Type", "application/json")
	header.Set(headerEvent, e.Type)
	if secret := c.value(webhookSpec, "secret"); secret != "" {
		ts := strconv.FormatInt(s.now().Unix(), 10)
		header.Set(headerTimestamp, ts)
		header.Set(headerSignature, "sha256="+sign(secret, ts, body))
	}
	r := request{kind: KindWebhook, op: "post to " + redactURL(target), url: target, header: header,
		body: body, red: newRedactor(c, target).addHeaders(custom)}
	resp, err := s.do(ctx, r)
	if err != nil {
		return err
	}
	return r.check(resp)
}

// sign returns the hex HMAC-SHA256 of timestamp + "." + body under secret.
func sign(secret, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp + "."))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// reservedHeaders are set by DBackup or the HTTP client and cannot be overridden.
var reservedHeaders = []string{"Content-Type", "Content-Length", "Host", "User-Agent",
	headerEvent, headerTimestamp, headerSignature}

// parseHeaders reads "Name: value" lines; blank lines are skipped. The error names the line,
// never its value.
func parseHeaders(text string) (http.Header, error) {
	h := http.Header{}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return nil, fieldError("headers", `write one "Name: value" per line`, "line %d is not a header", i+1)
		}
		canon := textproto.CanonicalMIMEHeaderKey(name)
		for _, r := range reservedHeaders {
			if canon == textproto.CanonicalMIMEHeaderKey(r) {
				return nil, fieldError("headers", "remove it; DBackup sets it", "line %d sets %s", i+1, canon)
			}
		}
		h.Add(canon, strings.TrimSpace(value))
	}
	return h, nil
}

func checkWebhook(c Channel) error {
	_, err := parseHeaders(c.value(webhookSpec, "headers"))
	if err != nil {
		return err
	}
	return nil
}
