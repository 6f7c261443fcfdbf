package mongodb

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"go.mongodb.org/mongo-driver/v2/event"
)

func TestWatchCancelsOperationsInFlight(t *testing.T) {
	w := newWatch()
	failure := errors.New("connection refused")

	running, release := w.context(context.Background())
	done, releaseDone := w.context(context.Background())
	releaseDone()
	w.monitor().ServerHeartbeatFailed(&event.ServerHeartbeatFailedEvent{Failure: failure})

	var unreachable *unreachableError
	require.ErrorAs(t, context.Cause(running), &unreachable)
	require.ErrorIs(t, unreachable, failure)
	require.ErrorIs(t, context.Cause(done), context.Canceled, "a released context is not the heartbeat's")

	release()
	ignored, releaseIgnored := w.context(context.Background())
	w.failed(fmt.Errorf("check: %w", context.Canceled))
	require.NoError(t, ignored.Err(), "a heartbeat the driver cancelled itself is not a failure")
	releaseIgnored()

	later, releaseLater := w.context(context.Background())
	require.NoError(t, later.Err(), "a failure reaches only the operations running at the time")
	releaseLater()
	require.Empty(t, w.cancels)
}
