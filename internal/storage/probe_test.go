package storage_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/storage/local"
)

func newLocal(t *testing.T) storage.Storage {
	l, err := local.New(local.Config{Path: t.TempDir()})
	require.NoError(t, err)
	return l
}

func TestProbeLocal(t *testing.T) {
	s := newLocal(t)
	res, err := storage.Probe(t.Context(), s)
	require.NoError(t, err)
	require.Regexp(t, `^\.dbackup-probe/[0-9a-f]{16}$`, res.Key)
	require.Positive(t, res.Size)
	require.Positive(t, res.Latency)
	require.GreaterOrEqual(t, res.Latency, res.Put+res.Get+res.Delete)
	requireEmpty(t, s)
}

// faulty wraps a storage, replacing some of its methods.
type faulty struct {
	storage.Storage
	put    func() error
	get    func(io.ReadCloser) io.ReadCloser
	delete func() error
}

func (f *faulty) Put(ctx context.Context, key string, r io.Reader, size int64) error {
	if f.put != nil {
		return f.put()
	}
	return f.Storage.Put(ctx, key, r, size)
}

func (f *faulty) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	rc, err := f.Storage.Get(ctx, key)
	if err == nil && f.get != nil {
		rc = f.get(rc)
	}
	return rc, err
}

func (f *faulty) Delete(ctx context.Context, key string) error {
	if f.delete != nil {
		return f.delete()
	}
	return f.Storage.Delete(ctx, key)
}

func TestProbeFailures(t *testing.T) {
	authErr := connerr.New(connerr.Auth, "login", errors.New("bad password"), "check the password")
	for _, tc := range []struct {
		name  string
		fault faulty
		want  connerr.Kind
	}{
		{"classified put error kept", faulty{put: func() error { return authErr }}, connerr.Auth},
		{"timeout", faulty{put: func() error { return context.DeadlineExceeded }}, connerr.Unreachable},
		{"unclassified", faulty{put: func() error { return errors.New("boom") }}, connerr.Other},
		{"corrupted read", faulty{get: func(io.ReadCloser) io.ReadCloser {
			return io.NopCloser(bytes.NewReader(make([]byte, 4096)))
		}}, connerr.Other},
		{"appended garbage", faulty{get: func(rc io.ReadCloser) io.ReadCloser {
			return io.NopCloser(io.MultiReader(rc, bytes.NewReader([]byte("x"))))
		}}, connerr.Other},
		{"delete denied", faulty{delete: func() error {
			return connerr.New(connerr.Permission, "delete", errors.New("denied"), "")
		}}, connerr.Permission},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newLocal(t)
			f := tc.fault
			f.Storage = s
			_, err := storage.Probe(t.Context(), &f)
			var ce *connerr.Error
			require.True(t, errors.As(err, &ce), "%v", err)
			require.Equal(t, tc.want, ce.Kind, "%v", err)
			if f.delete == nil {
				requireEmpty(t, s) // the probe object is cleaned up after a failure too
			}
		})
	}
}

func requireEmpty(t *testing.T, s storage.Storage) {
	t.Helper()
	require.NoError(t, s.List(t.Context(), "", func(o storage.Object) error {
		return errors.New("left behind: " + o.Key)
	}))
}
