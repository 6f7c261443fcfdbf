package notify

import (
	"context"
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

var telegramSpec = Spec{Kind: KindTelegram, Label: "Telegram", Fields: []Field{
	{Name: "bot_token", Label: "Bot token", Type: FieldSecret, Secret: true, Required: true,
		Help: "Token @BotFather gave the bot, such as 123456:ABC-DEF…; stored encrypted."},
	{Name: "chat_id", Label: "Chat ID", Type: FieldString, Required: true,
		Help: "Numeric ID of the chat or group (negative for groups), or @channelname."},
	{Name: "api_url", Label: "Bot API URL", Type: FieldURL, Default: "https://api.telegram.org",
		Help: "Base URL of the Bot API; change it only for a self-hosted Bot API server."},
}}

// telegramTextMax is the longest text sendMessage accepts, in characters after entity parsing.
const telegramTextMax = 4096

// telegramChatID is a numeric chat ID or a public @channel username.
var telegramChatID = regexp.MustCompile(`^(-?[0-9]+|@[A-Za-z][A-Za-z0-9_]{3,})$`)

type telegramMessage struct {
	ChatID                string `json:"chat_id"`
	Text                  string `json:"text"`
	ParseMode             string `json:"parse_mode"`
	DisableWebPagePreview bool   `json:"disable_web_page_preview"`
}

// telegramResponse is the Bot API's envelope; on failure ok is false and description says why.
type telegramResponse struct {
	OK          bool   `json:"ok"`
	ErrorCode   int    `json:"error_code"`
	Description string `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

func checkTelegram(c Channel) error {
	if !telegramChatID.MatchString(c.value(telegramSpec, "chat_id")) {
		return fieldError("chat_id", "enter a number such as -1001234567890, or @channelname",
			"Chat ID %q is not a chat ID", c.value(telegramSpec, "chat_id"))
	}
	return nil
}

func sendTelegram(ctx context.Context, s *Sender, c Channel, e Event) error {
	base := strings.TrimRight(c.value(telegramSpec, "api_url"), "/")
	token := c.value(telegramSpec, "bot_token")
	body, err := json.Marshal(telegramMessage{ChatID: c.value(telegramSpec, "chat_id"),
		Text: telegramText(e), ParseMode: "HTML", DisableWebPagePreview: true})
	if err != nil {
		return &SendError{Kind: KindTelegram, Op: "encode Telegram message", Detail: err.Error(), err: err}
	}
	r := request{kind: KindTelegram, op: "Telegram sendMessage", url: base + "/bot" + token + "/sendMessage",
		header: map[string][]string{"Content-Type": {"application/json"}}, body: body, red: newRedactor(c)}
	resp, err := s.do(ctx, r)
	if err != nil {
		return err
	}
	var tr telegramResponse
	if json.Unmarshal(resp.body, &tr) != nil {
		// Not the Bot API's envelope, such as a proxy's error page.
		if err := r.check(resp); err != nil {
			return err
		}
		return &SendError{Kind: KindTelegram, Op: r.op, StatusCode: resp.status,
			Detail: "response is not a Bot API reply: " + r.snippet(resp.body)}
	}
	if tr.OK && resp.status/100 == 2 {
		return nil
	}
	code := tr.ErrorCode
	if code == 0 {
		code = resp.status
	}
	wait := time.Duration(tr.Parameters.RetryAfter) * time.Second
	return &SendError{Kind: KindTelegram, Op: r.op, StatusCode: code, RetryAfter: wait,
		Detail:    truncate(r.red.clean(tr.Description), maxSnippet),
		temporary: wait > 0 || temporaryStatus(code)}
}

// telegramText renders e in Telegram's HTML subset: the bold title, the message, one bold key
// per field, and a link. The message is shortened when the whole would pass telegramTextMax.
func telegramText(e Event) string {
	head := "<b>" + html.EscapeString(e.Title) + "</b>"
	var tail strings.Builder
	for _, f := range e.Fields {
		tail.WriteString("\n<b>" + html.EscapeString(f.Key) + ":</b> " + html.EscapeString(f.Value))
	}
	if e.URL != "" {
		tail.WriteString("\n\n<a href=\"" + html.EscapeString(e.URL) + "\">Open in DBackup</a>")
	}
	rest := tail.String()
	if len(e.Fields) > 0 {
		rest = "\n" + rest
	}
	// Escaped text is never shorter than what Telegram counts, so this budget is safe.
	budget := telegramTextMax - utf8.RuneCountInString(head) - utf8.RuneCountInString(rest) - 2
	msg := e.Message
	for utf8.RuneCountInString(html.EscapeString(msg)) > budget && msg != "" {
		over := utf8.RuneCountInString(html.EscapeString(msg)) - budget
		msg = truncate(msg, max(utf8.RuneCountInString(msg)-over, 0))
	}
	text := head
	if msg != "" {
		text += "\n\n" + html.EscapeString(msg)
	}
	return truncate(text+rest, telegramTextMax)
}
