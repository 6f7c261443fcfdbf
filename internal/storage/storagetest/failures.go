package storagetest

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/storage"
)

func testFailedPut(t *testing.T, open func(t *testing.T) storage.Storage) {
	for _, tc := range []struct {
		name     string
		failAt   int64
		declared int64
	}{
		{"unknown size", MiB, -1},
		{"known size", MiB, 2 * MiB},
		{"after several parts", 40 * MiB, -1},
		{"first byte", 0, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			r := &failingReader{r: generator(9, 1<<40), n: tc.failAt}
			require.Error(t, s.Put(t.Context(), "fail/obj", r, tc.declared))
			_, err := s.Stat(t.Context(), "fail/obj")
			require.ErrorIs(t, err, storage.ErrNotFound)
			require.Empty(t, list(t, s, "fail/"), "no temporary object may be visible")
			require.Empty(t, list(t, s, ""))
		})
	}
	t.Run("short reader", func(t *testing.T) {
		s := open(t)
		require.Error(t, s.Put(t.Context(), "fail/short", bytes.NewReader(content(1, 100)), 200),
			"a reader ending before the declared size is a failed Put")
		require.Error(t, s.Put(t.Context(), "fail/long", bytes.NewReader(content(1, 300)), 200),
			"a reader longer than the declared size is a failed Put")
		require.Empty(t, list(t, s, ""))
	})
	t.Run("keeps previous object", func(t *testing.T) {
		s := open(t)
		put(t, s, "fail/obj", []byte("previous"))
		r := &failingReader{r: generator(9, 1<<40), n: MiB}
		require.Error(t, s.Put(t.Context(), "fail/obj", r, -1))
		require.Equal(t, []byte("previous"), get(t, s, "fail/obj"))
		require.Equal(t, map[string]int64{"fail/obj": 8}, list(t, s, ""))
	})
}

func testCancel(t *testing.T, s storage.Storage) {
	ctx, cancel := context.WithCancel(t.Context())
	r := &hookReader{r: generator(11, 1<<40), after: cancelAfter, limit: runawayLimit, hook: cancel}
	err := s.Put(ctx, "cancel/obj", r, -1)
	require.ErrorIs(t, err, context.Canceled)
	require.NotErrorIs(t, err, errRunaway)

	err = s.Put(ctx, "cancel/before", bytes.NewReader([]byte("x")), 1)
	require.ErrorIs(t, err, context.Canceled, "Put with a context cancelled beforehand")

	for _, key := range []string{"cancel/obj", "cancel/before"} {
		_, err = s.Stat(t.Context(), key)
		require.ErrorIs(t, err, storage.ErrNotFound, key)
	}
	require.Empty(t, list(t, s, ""))
}

func testConcurrent(t *testing.T, s storage.Storage) {
	const n, size = 8, 256 << 10
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			errs[i] = s.Put(t.Context(), fmt.Sprintf("conc/%d", i), generator(uint64(200+i), size), -1)
		})
	}
	wg.Wait()
	want := map[string]int64{}
	for i := range n {
		require.NoError(t, errs[i], "Put %d", i)
		key := fmt.Sprintf("conc/%d", i)
		require.Equal(t, content(uint64(200+i), size), get(t, s, key), key)
		want[key] = size
	}
	require.Equal(t, want, list(t, s, "conc/"))
}
