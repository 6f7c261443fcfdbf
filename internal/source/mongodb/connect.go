package mongodb

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver"

	"github.com/dbackup/dbackup/internal/source"
)

// errNoDatabase is the configured database missing from the databases the user may list.
var errNoDatabase = errors.New("no such database")

// connect returns the client, creating it on first use. Creating it starts the driver's monitor,
// whose first heartbeat opens the first connection.
func (m *Mongo) connect() (*mongo.Client, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil, errClosed
	}
	if m.client == nil {
		c, err := mongo.Connect(m.opts)
		if err != nil {
			// Connect only checks the options; New has checked the settings they come from.
			return nil, source.ConfigError(source.FieldHost, "check the host, the port and the other settings", "%v", err)
		}
		m.client = c
	}
	return m.client, nil
}

// do runs fn with the client under a context that the next failed heartbeat cancels, and then
// returns the heartbeat's failure in place of the cancellation it caused. The context is watched
// before the client is created, so that the first heartbeat is not missed. fn may run twice (see
// run), so it must not have effects a second run would repeat.
func (m *Mongo) do(ctx context.Context, fn func(context.Context, *mongo.Client) error) error {
	return m.run(ctx, true, fn)
}

// doOnce is do for an fn that must run at most once, such as one that writes a dump.
func (m *Mongo) doOnce(ctx context.Context, fn func(context.Context, *mongo.Client) error) error {
	return m.run(ctx, false, fn)
}

// run is do, which runs fn a second time after a "pool cleared" failure only when retry is set.
func (m *Mongo) run(ctx context.Context, retry bool, fn func(context.Context, *mongo.Client) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	wctx, release := m.watch.context(ctx)
	defer release()
	c, err := m.connect()
	if err != nil {
		return err
	}
	err = fn(wctx, c)
	// A failed login clears the pool, and an operation that was waiting for a connection then
	// fails with "pool cleared" instead of the login's error: once more, it meets that error.
	var cleared driver.RetryablePoolError
	if retry && errors.As(err, &cleared) && cleared.Retryable() && wctx.Err() == nil {
		err = fn(wctx, c)
	}
	// The operation's own error, such as a TLS alert on its connection, says more than a
	// heartbeat that failed at the same time.
	var unreachable *unreachableError
	if errors.Is(err, context.Canceled) && ctx.Err() == nil && errors.As(context.Cause(wctx), &unreachable) {
		return unreachable
	}
	return err
}
