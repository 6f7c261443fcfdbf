package notify

import (
	"context"
	"mime"
	"net/http"
	"regexp"
	"strings"
)

var ntfySpec = Spec{Kind: KindNtfy, Label: "ntfy", Fields: []Field{
	{Name: "server_url", Label: "Server URL", Type: FieldURL, Default: "https://ntfy.sh",
		Help: "Base URL of the ntfy server; leave empty for https://ntfy.sh."},
	{Name: "topic", Label: "Topic", Type: FieldString, Required: true,
		Help: "Topic to publish to; on ntfy.sh anyone who knows it can subscribe, so make it hard to guess."},
	{Name: "access_token", Label: "Access token", Type: FieldSecret, Secret: true,
		Help: "Access token (tk_…) for a protected topic; stored encrypted. Leave empty when using a username and password."},
	{Name: "username", Label: "Username", Type: FieldString,
		Help: "User for a protected topic, instead of an access token."},
	{Name: "password", Label: "Password", Type: FieldSecret, Secret: true,
		Help: "Password of the user; stored encrypted."},
}}

// ntfyTopic is what ntfy accepts as a topic name.
var ntfyTopic = regexp.MustCompile(`^[-_A-Za-z0-9]{1,64}$`)

func checkNtfy(c Channel) error {
	if !ntfyTopic.MatchString(c.value(ntfySpec, "topic")) {
		return fieldError("topic", "use up to 64 letters, digits, - and _", "Topic %q is not a valid ntfy topic", c.value(ntfySpec, "topic"))
	}
	token, user, pass := c.value(ntfySpec, "access_token"), c.value(ntfySpec, "username"), c.value(ntfySpec, "password")
	switch {
	case token != "" && (user != "" || pass != ""):
		return fieldError("access_token", "clear either the access token or the username and password", "an access token and a password cannot both be used")
	case user != "" && pass == "":
		return fieldError("password", "enter the password of "+user, "Password is required with a username")
	case pass != "" && user == "":
		return fieldError("username", "enter the user the password belongs to", "Username is required with a password")
	}
	return nil
}

func sendNtfy(ctx context.Context, s *Sender, c Channel, e Event) error {
	target := strings.TrimRight(c.value(ntfySpec, "server_url"), "/") + "/" + c.value(ntfySpec, "topic")
	h := http.Header{}
	h.Set("Content-Type", "text/plain; charset=utf-8")
	// ntfy decodes RFC 2047 encoded words, the only way to send a non-ASCII title in a header.
	h.Set("Title", mime.QEncoding.Encode("utf-8", e.Title))
	h.Set("Priority", ntfyPriority(e))
	h.Set("Tags", strings.Join(ntfyTags(e), ","))
	if e.URL != "" {
		h.Set("Click", e.URL)
	}
	if token := c.value(ntfySpec, "access_token"); token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	req := request{kind: KindNtfy, op: "publish to ntfy " + redactURL(target), url: target, header: h,
		body: []byte(ntfyBody(e)), red: newRedactor(c)}
	if user := c.value(ntfySpec, "username"); user != "" {
		basic, _ := http.NewRequest(http.MethodPost, "http://x", nil)
		basic.SetBasicAuth(user, c.value(ntfySpec, "password"))
		h.Set("Authorization", basic.Header.Get("Authorization"))
		req.red = append(req.red, strings.TrimPrefix(basic.Header.Get("Authorization"), "Basic "))
	}
	resp, err := s.do(ctx, req)
	if err != nil {
		return err
	}
	return req.check(resp)
}

// ntfyBody is the message and the fields; the link goes in the Click header instead.
func ntfyBody(e Event) string {
	e.URL = ""
	if t := e.text(); t != "" {
		return t
	}
	return e.Title
}

// ntfyPriority maps severity to ntfy's 1 (min) to 5 (max): errors buzz urgently, warnings
// high, the rest at the default.
func ntfyPriority(e Event) string {
	switch e.Severity {
	case SeverityError:
		return "5"
	case SeverityWarning:
		return "4"
	}
	return "3"
}

// ntfyTags are an emoji shortcode, which ntfy shows as an icon, and the event type.
func ntfyTags(e Event) []string {
	icon := "information_source"
	switch {
	case e.Severity == SeverityError:
		icon = "rotating_light"
	case e.Severity == SeverityWarning:
		icon = "warning"
	case e.success():
		icon = "white_check_mark"
	}
	tags := []string{icon}
	if e.Type != "" {
		tags = append(tags, e.Type)
	}
	return tags
}
