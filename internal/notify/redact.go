package notify

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// redacted replaces a secret in error messages.
const redacted = "***"

// minTokenPart is the shortest path segment of a secret URL that is redacted on its own: long
// enough to keep words such as "services" and "webhooks" readable, short enough to catch the
// nine-character Slack team IDs and every longer token.
const minTokenPart = 9

// redactor removes secrets from text that came from outside, such as a response body.
type redactor []string

// newRedactor redacts every secret of c, and for each secret or setting URL its query and
// long path segments, since a service may echo the token alone.
func newRedactor(c Channel, urls ...string) redactor {
	var r redactor
	for _, v := range c.secretValues() {
		r = r.add(v)
		r = r.addURL(v)
	}
	for _, u := range urls {
		r = r.addURL(u)
	}
	// Longest first, so that a secret containing another is replaced whole.
	slices.SortFunc(r, func(a, b string) int { return len(b) - len(a) })
	return slices.Compact(r)
}

func (r redactor) add(v string) redactor {
	if v == "" {
		return r
	}
	return append(r, v, url.QueryEscape(v), url.PathEscape(v))
}

// addURL adds the parts of u that can carry a credential: the password, the query, and path
// segments long enough to be tokens. u that is not a URL adds nothing.
func (r redactor) addURL(u string) redactor {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return r
	}
	if pw, ok := p.User.Password(); ok {
		r = r.add(pw)
	}
	if p.RawQuery != "" {
		r = r.add(p.RawQuery)
		for _, vs := range p.Query() {
			for _, v := range vs {
				r = r.add(v)
			}
		}
	}
	for _, seg := range strings.Split(p.Path, "/") {
		if len(seg) >= minTokenPart {
			r = r.add(seg)
		}
	}
	return r
}

// addHeaders adds the values of custom headers, and each long word in them, since a header such
// as "Authorization: Bearer <token>" is only partly the secret.
func (r redactor) addHeaders(h http.Header) redactor {
	for _, vs := range h {
		for _, v := range vs {
			r = r.add(v)
			for _, w := range strings.Fields(v) {
				if len(w) >= minTokenPart {
					r = r.add(w)
				}
			}
		}
	}
	slices.SortFunc(r, func(a, b string) int { return len(b) - len(a) })
	return r
}

// clean returns s with every secret replaced.
func (r redactor) clean(s string) string {
	for _, v := range r {
		s = strings.ReplaceAll(s, v, redacted)
	}
	return s
}

// redactURL returns u for an error message: without user information and query.
func redactURL(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return redacted
	}
	p.User = nil
	if p.RawQuery != "" {
		p.RawQuery = redacted
	}
	p.Fragment = ""
	return p.String()
}
