package oidctest

import (
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// maxRedirects bounds the redirects of one login; the flow takes two or three.
const maxRedirects = 10

// maxPageBytes bounds a page read from the provider.
const maxPageBytes = 1 << 20

// ErrInvalidCredentials is TryLogin's error when the provider refused the username or password.
var ErrInvalidCredentials = errors.New("oidctest: invalid credentials")

// authRequestField finds the auth request's ID in the login form.
var authRequestField = regexp.MustCompile(`name="authRequestID" value="([^"]*)"`)

// Login opens authURL (the provider's authorization endpoint with the relying party's
// parameters) with client, signs in on the login form as username, and returns the URL the
// provider redirects the browser to, the relying party's callback with code and state (or error),
// without following it. t fails when the login does not get there.
func (o *OP) Login(t testing.TB, client *http.Client, authURL, username, password string) (callbackURL *url.URL) {
	t.Helper()
	u, err := o.TryLogin(client, authURL, username, password)
	if err != nil {
		t.Fatalf("oidctest: login as %q: %v", username, err)
	}
	return u
}

// TryLogin is Login returning its error: ErrInvalidCredentials when the provider refused the
// password.
func (o *OP) TryLogin(client *http.Client, authURL, username, password string) (*url.URL, error) {
	if client == nil {
		client = http.DefaultClient
	}
	c := *client
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	origin, err := url.Parse(o.Issuer)
	if err != nil {
		return nil, err
	}

	next, err := url.Parse(authURL)
	if err != nil {
		return nil, err
	}
	var form url.Values
	for range maxRedirects {
		var resp *http.Response
		if form != nil {
			resp, err = c.PostForm(next.String(), form)
			form = nil
		} else {
			resp, err = c.Get(next.String())
		}
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxPageBytes))
		resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", next.Redacted(), err)
		}
		switch {
		case resp.StatusCode == http.StatusUnauthorized:
			return nil, ErrInvalidCredentials
		case resp.StatusCode >= 300 && resp.StatusCode < 400:
			loc, err := resp.Location()
			if err != nil {
				return nil, fmt.Errorf("redirect from %s: %w", next.Redacted(), err)
			}
			if loc.Scheme != origin.Scheme || loc.Host != origin.Host {
				return loc, nil
			}
			next = loc
		case resp.StatusCode == http.StatusOK && next.Path == "/login":
			m := authRequestField.FindSubmatch(body)
			if m == nil {
				return nil, fmt.Errorf("no login form at %s: %s", next.Redacted(), body)
			}
			form = url.Values{
				"authRequestID": {html.UnescapeString(string(m[1]))},
				"username":      {username},
				"password":      {password},
			}
			next = next.ResolveReference(&url.URL{Path: "/login"})
		default:
			return nil, fmt.Errorf("%s answered %s: %s", next.Redacted(), resp.Status, strings.TrimSpace(string(body)))
		}
	}
	return nil, fmt.Errorf("more than %d redirects from %s", maxRedirects, authURL)
}
