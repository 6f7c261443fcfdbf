package storage

import (
	"context"
	"io"
)

// ContextReader returns a reader of r that fails with ctx's error once ctx is done, so that a
// long copy (an upload, a snapshot being streamed) stops between two reads when it is cancelled.
func ContextReader(ctx context.Context, r io.Reader) io.Reader { return &ctxReader{ctx: ctx, r: r} }

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
