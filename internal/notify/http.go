package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxResponse is how much of a response is read: enough for any error document the services
// return, small enough that a misbehaving endpoint cannot exhaust memory.
const maxResponse = 64 << 10

// maxSnippet is how many characters of a response body an error quotes.
const maxSnippet = 300

// request is one HTTP delivery.
type request struct {
	kind   Kind
	op     string // such as "post to Slack"
	url    string
	header http.Header
	body   []byte
	red    redactor
}

// response is what came back.
type response struct {
	status int
	header http.Header
	body   []byte
}

// postJSON posts v as JSON and treats any 2xx as success.
func (s *Sender) postJSON(ctx context.Context, r request, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return &SendError{Kind: r.kind, Op: "encode " + string(r.kind) + " payload", Detail: err.Error(), err: err}
	}
	if r.header == nil {
		r.header = http.Header{}
	}
	r.header.Set("Content-Type", "application/json")
	r.body = body
	resp, err := s.do(ctx, r)
	if err != nil {
		return err
	}
	return r.check(resp)
}

// do sends r and reads the response; only a transport failure is an error.
func (s *Sender) do(ctx context.Context, r request) (response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.url, bytes.NewReader(r.body))
	if err != nil {
		return response{}, transportError(r.kind, r.op, err, r.red)
	}
	for k, vs := range r.header {
		req.Header[k] = vs
	}
	req.Header.Set("User-Agent", userAgent)
	resp, err := s.client().Do(req)
	if err != nil {
		return response{}, transportError(r.kind, r.op, err, r.red)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return response{}, transportError(r.kind, r.op, err, r.red)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: body}, nil
}

// check turns a non-2xx response into a *SendError: 408, 429 and 5xx are temporary, any other
// status is permanent and quotes the start of the body.
func (r request) check(resp response) error {
	if resp.status >= 200 && resp.status < 300 {
		return nil
	}
	return &SendError{
		Kind:       r.kind,
		Op:         r.op,
		StatusCode: resp.status,
		RetryAfter: retryAfter(resp.header.Get("Retry-After"), time.Now()),
		Detail:     r.snippet(resp.body),
		temporary:  temporaryStatus(resp.status),
	}
}

// snippet returns the start of body for an error message, with secrets removed first so that
// cutting cannot leave part of a secret behind.
func (r request) snippet(body []byte) string {
	s := strings.Join(strings.Fields(string(body)), " ")
	return truncate(r.red.clean(s), maxSnippet)
}

func temporaryStatus(status int) bool {
	return status == http.StatusRequestTimeout || status == http.StatusTooManyRequests || status >= 500
}

// retryAfter parses a Retry-After header, in seconds or as an HTTP date; 0 when absent or bad.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil && secs > 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
