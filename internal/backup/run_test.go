package backup

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/vault"
)

const objKey = "jobs/j1/2024-01-01.dump"

func TestRunTwoTargets(t *testing.T) {
	const size = 3 << 20
	var want bytes.Buffer
	_, err := textDump(size, -1)(context.Background(), "app", &want)
	require.NoError(t, err)

	for _, tc := range []struct {
		name string
		key  *vault.Key
		alg  compress.Algorithm
	}{
		{"zstd plain", nil, compress.Zstd},
		{"none plain", nil, compress.None},
		{"zstd encrypted", testKey(), compress.Zstd},
		{"none encrypted", testKey(), compress.None},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, _ := newLocal(t)
			b, _ := newLocal(t)
			var mu sync.Mutex
			var last Progress
			res, err := Run(context.Background(), Plan{
				Dumper: fakeDumper{DumpFunc: textDump(size, -1)}, Database: "app",
				Compression: tc.alg, Key: tc.key, ObjectKey: objKey,
				Targets: []Target{{"a", a}, {"b", b}},
			}, func(p Progress) { mu.Lock(); last = p; mu.Unlock() })
			require.NoError(t, err)
			require.Equal(t, Success, res.Status())
			require.Equal(t, "fake-sql", res.DumpInfo.Format)
			require.EqualValues(t, size, res.DumpSize)

			storedA, plainA := readStored(t, a, objKey, tc.key, tc.alg)
			storedB, _ := readStored(t, b, objKey, tc.key, tc.alg)
			require.Equal(t, storedA, storedB)
			require.EqualValues(t, len(storedA), res.Size)
			sum := sha256.Sum256(storedA)
			require.Equal(t, hex.EncodeToString(sum[:]), res.SHA256)
			require.True(t, bytes.Equal(want.Bytes(), plainA))

			require.True(t, last.Done)
			require.EqualValues(t, size, last.DumpBytes)
			for _, tp := range last.Targets {
				require.EqualValues(t, res.Size, tp.Bytes)
			}
		})
	}
}

func TestRunFailingTargetIsPartial(t *testing.T) {
	good, _ := newLocal(t)
	bad, badDir := newLocal(t)
	res, err := Run(context.Background(), Plan{
		Dumper: fakeDumper{DumpFunc: textDump(4<<20, -1)}, Database: "app",
		Compression: compress.None, ObjectKey: objKey,
		Targets: []Target{{"good", good}, {"bad", failingStorage{Storage: bad, After: 100 << 10}}},
	}, nil)
	require.NoError(t, err)
	require.Equal(t, Partial, res.Status())
	require.NoError(t, res.Targets[0].Err)
	require.ErrorIs(t, res.Targets[1].Err, errTargetBroke)
	require.Empty(t, files(t, badDir))
	stored, plain := readStored(t, good, objKey, nil, compress.None)
	require.Len(t, plain, 4<<20)
	sum := sha256.Sum256(stored)
	require.Equal(t, hex.EncodeToString(sum[:]), res.SHA256)
}

func TestRunAllTargetsFailStopsDump(t *testing.T) {
	a, _ := newLocal(t)
	b, _ := newLocal(t)
	var dumpErr error
	res, err := Run(context.Background(), Plan{
		Dumper: fakeDumper{DumpFunc: func(ctx context.Context, db string, w io.Writer) (source.DumpInfo, error) {
			// An endless dump: only the pipeline giving up can end it.
			_, dumpErr = textDump(1<<62, -1)(ctx, db, w)
			return source.DumpInfo{}, dumpErr
		}},
		Database: "app", Compression: compress.Zstd, ObjectKey: objKey,
		Targets: []Target{{"a", failingStorage{Storage: a, After: 1}}, {"b", failingStorage{Storage: b, After: 10}}},
	}, nil)
	require.ErrorIs(t, err, ErrAllTargetsFailed)
	require.ErrorIs(t, err, errTargetBroke)
	require.Error(t, dumpErr)
	require.Equal(t, Failed, res.Status())
}

func TestRunDumpFailureLeavesNoObject(t *testing.T) {
	for _, key := range []*vault.Key{nil, testKey()} {
		a, dirA := newLocal(t)
		b, dirB := newLocal(t)
		res, err := Run(context.Background(), Plan{
			Dumper: fakeDumper{DumpFunc: textDump(8<<20, 2<<20)}, Database: "app",
			Compression: compress.Zstd, Key: key, ObjectKey: objKey,
			Targets: []Target{{"a", a}, {"b", b}},
		}, nil)
		require.ErrorIs(t, err, errDumpBroke)
		require.Equal(t, Failed, res.Status())
		for _, tr := range res.Targets {
			require.ErrorIs(t, tr.Err, errDumpBroke)
		}
		require.Empty(t, files(t, dirA))
		require.Empty(t, files(t, dirB))
	}
}

func TestRunCancelledLeavesNoObject(t *testing.T) {
	a, dirA := newLocal(t)
	b, dirB := newLocal(t)
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{})
	go func() { <-started; time.Sleep(20 * time.Millisecond); cancel() }()
	res, err := Run(ctx, Plan{
		Dumper: fakeDumper{DumpFunc: func(ctx context.Context, db string, w io.Writer) (source.DumpInfo, error) {
			close(started)
			return textDump(1<<62, -1)(ctx, db, w)
		}},
		Database: "app", Compression: compress.Zstd, Key: testKey(), ObjectKey: objKey,
		Targets: []Target{{"a", a}, {"b", b}},
	}, nil)
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, Failed, res.Status())
	require.Empty(t, files(t, dirA))
	require.Empty(t, files(t, dirB))
}

func TestRunCancelledBeforeStart(t *testing.T) {
	a, dirA := newLocal(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, Plan{Dumper: fakeDumper{}, Database: "app", Compression: compress.None,
		ObjectKey: objKey, Targets: []Target{{"a", a}}}, nil)
	require.Error(t, err)
	require.True(t, errors.Is(err, context.Canceled) || errors.Is(err, ErrAllTargetsFailed), err)
	require.Empty(t, files(t, dirA))
}

func TestPlanValidate(t *testing.T) {
	_, err := Run(context.Background(), Plan{Dumper: fakeDumper{}, ObjectKey: objKey}, nil)
	require.ErrorIs(t, err, ErrNoTargets)
}

func TestStatus(t *testing.T) {
	e := errors.New("x")
	require.Equal(t, Success, Result{Targets: []TargetResult{{}, {}}}.Status())
	require.Equal(t, Partial, Result{Targets: []TargetResult{{}, {Err: e}}}.Status())
	require.Equal(t, Failed, Result{Targets: []TargetResult{{Err: e}, {Err: e}}}.Status())
	require.Equal(t, Failed, Result{}.Status())
}

// stuckStorage reads a little and then stops reading until its context ends, like a
// destination that stopped answering.
type stuckStorage struct{ storage.Storage }

func (s stuckStorage) Put(ctx context.Context, key string, r io.Reader, size int64) error {
	if _, err := io.CopyN(io.Discard, r, 64<<10); err != nil {
		return err
	}
	<-ctx.Done()
	return ctx.Err()
}

func TestRunStalledTargetIsDropped(t *testing.T) {
	good, _ := newLocal(t)
	res, err := Run(context.Background(), Plan{
		Dumper: fakeDumper{DumpFunc: textDump(8<<20, -1)}, Database: "app",
		Compression: compress.None, ObjectKey: objKey, StallTimeout: 300 * time.Millisecond,
		Targets: []Target{{"good", good}, {"stuck", stuckStorage{}}},
	}, nil)
	require.NoError(t, err)
	require.Equal(t, Partial, res.Status())
	require.NoError(t, res.Targets[0].Err)
	require.ErrorIs(t, res.Targets[1].Err, ErrStalled)
	_, plain := readStored(t, good, objKey, nil, compress.None)
	require.Len(t, plain, 8<<20)
}
