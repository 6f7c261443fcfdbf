package mongodb

import (
	"context"
	"errors"
	"sync"

	"go.mongodb.org/mongo-driver/v2/event"
)

// unreachableError is the failure of a heartbeat of the driver's monitor, which ended an
// operation that was waiting for the server.
type unreachableError struct{ err error }

func (e *unreachableError) Error() string { return e.err.Error() }
func (e *unreachableError) Unwrap() error { return e.err }

// watch passes the failures of the driver's heartbeats on to the operations running at the
// time. The driver keeps retrying an unreachable server until its server selection timeout and
// then reports a timeout; the heartbeat says at once why the server cannot be reached.
type watch struct {
	mu      sync.Mutex
	next    int
	cancels map[int]context.CancelCauseFunc
}

func newWatch() *watch { return &watch{cancels: map[int]context.CancelCauseFunc{}} }

// monitor is the driver's server monitor reporting to w.
func (w *watch) monitor() *event.ServerMonitor {
	return &event.ServerMonitor{ServerHeartbeatFailed: func(e *event.ServerHeartbeatFailedEvent) {
		w.failed(e.Failure)
	}}
}

// failed cancels every operation in flight with err as the cause. A heartbeat the driver
// cancelled itself, as it does when an operation's connection fails first, says nothing.
func (w *watch) failed(err error) {
	if err == nil || errors.Is(err, context.Canceled) {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for id, cancel := range w.cancels {
		cancel(&unreachableError{err: err})
		delete(w.cancels, id)
	}
}

// context returns a context derived from ctx that a failed heartbeat cancels, and the function
// that releases it. context.Cause of the returned context is then an *unreachableError.
func (w *watch) context(ctx context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	w.mu.Lock()
	id := w.next
	w.next++
	w.cancels[id] = cancel
	w.mu.Unlock()
	return ctx, func() {
		w.mu.Lock()
		delete(w.cancels, id)
		w.mu.Unlock()
		cancel(nil)
	}
}
