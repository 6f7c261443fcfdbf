package server

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
)

// responseLog keeps every response body the package's tests receive, and the secrets they
// sent, so that TestMain can check that no secret ever came back.
type responseLog struct {
	mu      sync.Mutex
	bodies  []string
	secrets map[string]bool
}

var responses = &responseLog{secrets: map[string]bool{}}

func (l *responseLog) record(url, body string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.bodies = append(l.bodies, url+" "+body)
}

// secret registers s as a secret value a test sends, and returns it.
func secret(s string) string {
	responses.mu.Lock()
	defer responses.mu.Unlock()
	responses.secrets[s] = true
	return s
}

// leaks returns, for each registered secret found in a response, one line saying where.
func (l *responseLog) leaks() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for s := range l.secrets {
		for _, b := range l.bodies {
			if strings.Contains(b, s) {
				out = append(out, fmt.Sprintf("secret %.4s… came back in %.300s", s, b))
				break
			}
		}
	}
	return out
}

// TestMain runs the tests, then fails the package if any GraphQL or /auth response of any
// test contained a secret a test had registered with secret().
func TestMain(m *testing.M) {
	code := m.Run()
	if leaks := responses.leaks(); len(leaks) > 0 {
		for _, l := range leaks {
			fmt.Fprintln(os.Stderr, "LEAK:", l)
		}
		code = 1
	}
	if code == 0 && len(responses.secrets) == 0 && !testing.Short() && flagRunAll() {
		fmt.Fprintln(os.Stderr, "the secret scan saw no registered secrets: the tests that use secret() did not run")
		code = 1
	}
	os.Exit(code)
}

// flagRunAll reports whether the whole package ran (no -run filter), so that the scan insists
// on having seen secrets only then.
func flagRunAll() bool {
	for _, a := range os.Args {
		if strings.HasPrefix(a, "-test.run") {
			return false
		}
	}
	return true
}

func TestSecretScanFindsALeak(t *testing.T) {
	l := &responseLog{secrets: map[string]bool{"hunter2-s3cr3t": true, "never-sent": true}}
	l.record("/graphql", `{"data":{"source":{"password":"hunter2-s3cr3t"}}}`)
	l.record("/graphql", `{"data":{}}`)
	leaks := l.leaks()
	if len(leaks) != 1 || !strings.Contains(leaks[0], "/graphql") {
		t.Fatalf("want one leak of hunter2-s3cr3t, got %q", leaks)
	}
}

// forget drops s from the scanned secrets: for the one response that shows a secret on
// purpose (revealing a profile key), after the test has checked it.
func (l *responseLog) forget(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.secrets, s)
}
