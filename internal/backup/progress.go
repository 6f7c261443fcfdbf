package backup

import (
	"io"
	"sync/atomic"
	"time"
)

// progressInterval is the least time between two progress reports: often enough for a live
// bar, rare enough that reporting costs nothing next to the copy.
const progressInterval = 250 * time.Millisecond

// Progress is a snapshot of a running backup.
type Progress struct {
	// DumpBytes is the number of bytes read from the dump so far.
	DumpBytes int64
	// Targets holds the bytes written to each target, in plan order.
	Targets []TargetProgress
	// Done is set on the last report of a run.
	Done bool
}

// TargetProgress is the bytes written to one target so far.
type TargetProgress struct {
	Name  string
	Bytes int64
	// Failed is set once the target has been dropped.
	Failed bool
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n *atomic.Int64
}

func (c countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n.Add(int64(n))
	return n, err
}

// reporter calls fn every progressInterval until stop is called, then once more with Done set.
type reporter struct {
	fn   func(Progress)
	snap func() Progress
	stop chan struct{}
	done chan struct{}
}

func startReporter(fn func(Progress), snap func() Progress) *reporter {
	r := &reporter{fn: fn, snap: snap, stop: make(chan struct{}), done: make(chan struct{})}
	go r.loop()
	return r
}

func (r *reporter) loop() {
	defer close(r.done)
	if r.fn == nil {
		<-r.stop
		return
	}
	t := time.NewTicker(progressInterval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			r.fn(r.snap())
		case <-r.stop:
			return
		}
	}
}

// finish stops the ticker and sends the final report; fn is never called concurrently.
func (r *reporter) finish() {
	close(r.stop)
	<-r.done
	if r.fn != nil {
		p := r.snap()
		p.Done = true
		r.fn(p)
	}
}
