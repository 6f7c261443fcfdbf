package backup

import (
	"crypto/sha256"
	"hash"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// branch is one target's end of the tee: a pipe whose reader the target's Put consumes.
type branch struct {
	name    string
	pw      *io.PipeWriter
	written atomic.Int64
	failed  atomic.Bool
	// drop ends the target's Put with err: it closes the pipe's reading end and cancels the
	// Put's context, so that neither side stays blocked.
	drop func(err error)
}

// tee writes every byte to all targets that have not failed, hashing and counting the stream.
// A target whose write fails is dropped and the others continue; once none is left, Write
// returns ErrAllTargetsFailed so the dump stops. Writes to several targets run in parallel, so a
// slow target delays a chunk but does not serialise the others' uploads behind it.
type tee struct {
	branches []*branch
	hash     hash.Hash
	size     int64
	// closed is set before the pipes are closed cleanly; a Put that returns nil without it
	// returned before the stream ended.
	closed atomic.Bool
	// stall is how long one write may wait for a target before the target is dropped.
	stall time.Duration
}

func newTee(targets []Target) *tee {
	t := &tee{hash: sha256.New()}
	for _, tg := range targets {
		t.branches = append(t.branches, &branch{name: tg.Name})
	}
	return t
}

func (t *tee) live() []*branch {
	var live []*branch
	for _, b := range t.branches {
		if !b.failed.Load() {
			live = append(live, b)
		}
	}
	return live
}

func (t *tee) Write(p []byte) (int, error) {
	live := t.live()
	if len(live) == 0 {
		return 0, ErrAllTargetsFailed
	}
	t.hash.Write(p)
	t.size += int64(len(p))
	var wg sync.WaitGroup
	busy := make([]atomic.Bool, len(live))
	for i, b := range live {
		busy[i].Store(true)
		wg.Go(func() {
			b.write(p)
			busy[i].Store(false)
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	timer := time.NewTimer(t.stall)
	select {
	case <-done:
		timer.Stop()
	case <-timer.C:
		// Whoever is still writing accepted nothing for the whole timeout: drop them, which
		// unblocks their writes, and go on with the others.
		for i, b := range live {
			if busy[i].Load() {
				b.failed.Store(true)
				b.drop(ErrStalled)
			}
		}
		<-done
	}
	if len(t.live()) == 0 {
		return 0, ErrAllTargetsFailed
	}
	return len(p), nil
}

func (b *branch) write(p []byte) {
	n, err := b.pw.Write(p)
	b.written.Add(int64(n))
	if err != nil {
		b.failed.Store(true)
	}
}

// finish ends every pipe: cleanly when err is nil, so each Put sees the end of the stream and
// commits its object, or with err, so that no Put commits.
func (t *tee) finish(err error) {
	if err == nil {
		t.closed.Store(true)
	}
	for _, b := range t.branches {
		if err != nil {
			b.failed.Store(true)
		}
		_ = b.pw.CloseWithError(err)
	}
}
