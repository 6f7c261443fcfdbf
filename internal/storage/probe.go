package storage

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/dbackup/dbackup/internal/connerr"
)

// probeSize is the size of the probe object: big enough to catch a storage that truncates or
// mangles data, small enough to cost nothing on a metered link.
const probeSize = 4 << 10

// probeCleanupTimeout bounds the deletion of the probe object after a failed step, which runs
// even when the caller's context is already done.
const probeCleanupTimeout = 10 * time.Second

// ProbeResult is what a successful Probe measured.
type ProbeResult struct {
	// Key is the probe object's key, under ProbePrefix.
	Key  string
	Size int
	// Put, Get and Delete are the latencies of each step (Get includes reading the object back).
	Put, Get, Delete time.Duration
	// Latency is the whole round trip.
	Latency time.Duration
}

// Probe tests a storage end to end: it writes a small random object under ProbePrefix, reads it
// back and compares it, then deletes it. Every error is a *connerr.Error, so a connection test can
// say what went wrong; a storage's own classification (authentication, missing bucket, …) is kept.
func Probe(ctx context.Context, s Storage) (ProbeResult, error) {
	payload := make([]byte, probeSize)
	id := make([]byte, 8)
	if _, err := rand.Read(payload); err != nil {
		return ProbeResult{}, connerr.New(connerr.Other, "probe", err, "")
	}
	_, _ = rand.Read(id)
	res := ProbeResult{Key: ProbePrefix + hex.EncodeToString(id), Size: probeSize}
	start := time.Now()

	if err := s.Put(ctx, res.Key, bytes.NewReader(payload), int64(len(payload))); err != nil {
		cleanup(ctx, s, res.Key)
		return res, probeError("write probe object", err, "check that the storage accepts writes")
	}
	res.Put = time.Since(start)

	t := time.Now()
	if err := readBack(ctx, s, res.Key, payload); err != nil {
		cleanup(ctx, s, res.Key)
		return res, err
	}
	res.Get = time.Since(t)

	t = time.Now()
	if err := s.Delete(ctx, res.Key); err != nil {
		return res, probeError("delete probe object", err, "allow deletes: DBackup removes expired backups")
	}
	res.Delete = time.Since(t)
	res.Latency = time.Since(start)
	return res, nil
}

func readBack(ctx context.Context, s Storage, key string, want []byte) error {
	rc, err := s.Get(ctx, key)
	if err != nil {
		return probeError("read probe object", err, "check that the storage allows reads")
	}
	defer rc.Close()
	// Read one byte more than written so that a storage appending garbage is caught too.
	got, err := io.ReadAll(io.LimitReader(rc, int64(len(want))+1))
	if err != nil {
		return probeError("read probe object", err, "")
	}
	if !bytes.Equal(got, want) {
		return connerr.Newf(connerr.Other, "compare probe object",
			"the storage does not return what was written; check the server or gateway in between",
			"read back %d bytes that differ from the %d written", len(got), len(want))
	}
	return nil
}

// cleanup deletes the probe object after a failed step, best effort.
func cleanup(ctx context.Context, s Storage, key string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), probeCleanupTimeout)
	defer cancel()
	_ = s.Delete(ctx, key)
}

// probeError keeps a classified error and classifies the rest.
func probeError(op string, err error, hint string) error {
	var ce *connerr.Error
	if errors.As(err, &ce) {
		return connerr.New(ce.Kind, op, err, "")
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return connerr.New(connerr.Unreachable, op, err, "the storage did not answer in time")
	case errors.Is(err, os.ErrPermission):
		return connerr.New(connerr.Permission, op, err, hint)
	case errors.Is(err, ErrNotFound):
		return connerr.New(connerr.Other, op, fmt.Errorf("object vanished right after it was written: %w", err),
			"something else deletes objects under "+ProbePrefix)
	}
	return connerr.New(connerr.Other, op, err, hint)
}
