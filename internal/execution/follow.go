package execution

import (
	"context"
	"fmt"
	"time"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/pulid"
)

// Follow sends the execution now and whenever its row changes, read every interval with the
// caller's viewer (so privacy applies), and closes the channel after sending it finished or
// when ctx ends. Reading the row rather than listening in-process works whichever node runs it.
func (s *Service) Follow(ctx context.Context, id pulid.ID, interval time.Duration) (<-chan *ent.Execution, error) {
	exe, err := s.client.Execution.Get(ctx, id)
	switch {
	case ent.IsNotFound(err):
		return nil, notFound("execution", id)
	case err != nil:
		return nil, fmt.Errorf("load execution %s: %w", id, err)
	}
	ch := make(chan *ent.Execution, 1)
	ch <- exe
	go func() {
		defer close(ch)
		t := time.NewTicker(interval)
		defer t.Stop()
		last := exe
		for !finished(last) {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			cur, err := s.client.Execution.Get(ctx, id)
			if err != nil {
				return
			}
			if cur.UpdateTime.Equal(last.UpdateTime) && cur.Status == last.Status {
				continue
			}
			select {
			case ch <- cur:
				last = cur
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch, nil
}

func finished(e *ent.Execution) bool {
	switch e.Status {
	case "QUEUED", "RUNNING":
		return false
	}
	return true
}
