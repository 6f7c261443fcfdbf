package backup

import (
	"cmp"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/dbackup/dbackup/internal/source"
)

// Run dumps plan.Database, compresses and optionally encrypts it, and stores it under
// plan.ObjectKey on every target at once. onProgress, when not nil, is called from one goroutine
// at a time, at most every progressInterval and once at the end with Done set.
//
// A target whose Put fails is dropped and the others continue. The error is nil when at least one
// target stored the backup; Result.Status tells SUCCESS from PARTIAL. When the dump fails or ctx
// is cancelled, every target's stream ends with that error, so none commits an object.
func Run(ctx context.Context, plan Plan, onProgress func(Progress)) (Result, error) {
	if err := plan.Validate(); err != nil {
		return Result{}, err
	}
	start := time.Now()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	t := newTee(plan.Targets)
	t.stall = cmp.Or(plan.StallTimeout, DefaultStallTimeout)
	res := Result{Targets: make([]TargetResult, len(plan.Targets))}
	var left atomic.Int32
	left.Store(int32(len(plan.Targets)))
	var wg sync.WaitGroup
	for i, b := range t.branches {
		pr, pw := io.Pipe()
		b.pw = pw
		tctx, tcancel := context.WithCancelCause(ctx)
		defer tcancel(nil)
		b.drop = func(err error) {
			tcancel(err)
			_ = pr.CloseWithError(err)
		}
		target := plan.Targets[i]
		wg.Go(func() {
			begin := time.Now()
			err := target.Storage.Put(tctx, plan.ObjectKey, pr, -1)
			if cause := context.Cause(tctx); errors.Is(cause, ErrStalled) {
				err = cause
			}
			if err == nil && !t.closed.Load() {
				err = errPutReturnedEarly
			}
			if err != nil {
				err = fmt.Errorf("target %s: %w", target.Name, err)
				b.failed.Store(true)
				_ = pr.CloseWithError(err)
				if left.Add(-1) == 0 {
					cancel(ErrAllTargetsFailed) // nobody is listening: stop the dump
				}
			} else {
				_ = pr.Close()
			}
			res.Targets[i] = TargetResult{Name: target.Name, Err: err, Duration: time.Since(begin)}
		})
	}

	var dumped atomic.Int64
	rep := startReporter(onProgress, func() Progress {
		p := Progress{DumpBytes: dumped.Load(), Targets: make([]TargetProgress, len(t.branches))}
		for i, b := range t.branches {
			p.Targets[i] = TargetProgress{Name: b.name, Bytes: b.written.Load(), Failed: b.failed.Load()}
		}
		return p
	})

	info, err := dump(ctx, plan, t, &dumped)
	if err != nil && errors.Is(context.Cause(ctx), ErrAllTargetsFailed) {
		err = ErrAllTargetsFailed
	}
	t.finish(err)
	wg.Wait()
	rep.finish()

	res.DumpInfo = info
	res.DumpSize = dumped.Load()
	res.Size = t.size
	res.SHA256 = hex.EncodeToString(t.hash.Sum(nil))
	res.Duration = time.Since(start)
	for i, b := range t.branches {
		res.Targets[i].Bytes = b.written.Load()
	}
	if err == nil && res.Status() == Failed {
		err = ErrAllTargetsFailed
	}
	if errors.Is(err, ErrAllTargetsFailed) {
		var errs []error
		for _, tr := range res.Targets {
			errs = append(errs, tr.Err)
		}
		return res, fmt.Errorf("%w: %w", ErrAllTargetsFailed, errors.Join(errs...))
	}
	return res, err
}

// dump runs the dumper into compress ▶ encrypt ▶ t and closes the chain, flushing its last
// frames. dumped counts the dump's bytes.
func dump(ctx context.Context, plan Plan, t *tee, dumped *atomic.Int64) (_ source.DumpInfo, err error) {
	var sink io.Writer = t
	var enc io.WriteCloser
	if plan.Key != nil {
		if enc, err = encfile.NewWriter(t, *plan.Key, encfile.Options{}); err != nil {
			return source.DumpInfo{}, fmt.Errorf("backup: encrypt: %w", err)
		}
		sink = enc
	}
	comp, err := compress.NewWriter(sink, plan.Compression)
	if err != nil {
		return source.DumpInfo{}, fmt.Errorf("backup: compress: %w", err)
	}
	info, err := plan.Dumper.Dump(ctx, plan.Database, countingWriter{w: comp, n: dumped})
	if err != nil {
		_ = comp.Close() // release the encoder; its output goes nowhere now
		return info, fmt.Errorf("backup: dump %s: %w", plan.Database, err)
	}
	if err := comp.Close(); err != nil {
		return info, fmt.Errorf("backup: compress: %w", err)
	}
	if enc != nil {
		if err := enc.Close(); err != nil {
			return info, fmt.Errorf("backup: encrypt: %w", err)
		}
	}
	// A dumper that ignores a cancelled context must not produce a committed object.
	if err := context.Cause(ctx); err != nil {
		return info, fmt.Errorf("backup: %w", err)
	}
	return info, nil
}
