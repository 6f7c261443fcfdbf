package notify_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/notify"
	"github.com/dbackup/dbackup/internal/vault"
)

// received is one request a fake service got.
type received struct {
	Method string
	Path   string
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a generic value, so that tests compare the exact wire shape.
func (r received) JSON(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &v), "body: %s", r.Body)
	return v
}

// fakeService is an httptest.Server that records requests and answers with status and body.
type fakeService struct {
	*httptest.Server
	mu     sync.Mutex
	got    []received
	status int
	body   string
	header http.Header
}

func newFakeService(t *testing.T) *fakeService {
	t.Helper()
	f := &fakeService{status: http.StatusOK, header: http.Header{}}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.got = append(f.got, received{Method: r.Method, Path: r.URL.RequestURI(), Header: r.Header.Clone(), Body: body})
		status, reply := f.status, f.body
		for k, v := range f.header {
			w.Header()[k] = v
		}
		f.mu.Unlock()
		w.WriteHeader(status)
		_, _ = io.WriteString(w, reply)
	}))
	t.Cleanup(f.Close)
	return f
}

// reply sets what the next requests get.
func (f *fakeService) reply(status int, body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status, f.body = status, body
}

// only returns the single request received.
func (f *fakeService) only(t *testing.T) received {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	require.Len(t, f.got, 1)
	return f.got[0]
}

var testTime = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// testSender pins the clock and uses the fake's client.
func testSender(f *fakeService) *notify.Sender {
	s := &notify.Sender{Now: func() time.Time { return testTime.Add(time.Minute) }}
	if f != nil {
		s.HTTPClient = f.Client()
	}
	return s
}

func testEvent() notify.Event {
	return notify.Event{
		Type:     notify.EventBackupFailure,
		Severity: notify.SeverityError,
		Title:    "Backup of shop failed",
		Message:  "pg_dump exited with status 1 <stderr> & more",
		Fields: []notify.KV{
			{Key: "Job", Value: "nightly"},
			{Key: "Source", Value: "shop (postgres)"},
			{Key: "Error", Value: "connection refused"},
		},
		URL:  "https://dbackup.example.com/jobs/42",
		Time: testTime,
	}
}

func secrets(kv ...string) map[string]vault.Secret {
	m := map[string]vault.Secret{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = vault.NewSecret(kv[i+1])
	}
	return m
}

// sendErr asserts err is a *notify.SendError and returns it.
func sendErr(t *testing.T, err error) *notify.SendError {
	t.Helper()
	require.Error(t, err)
	var se *notify.SendError
	require.ErrorAs(t, err, &se)
	return se
}
