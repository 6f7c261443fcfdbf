package storagetest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/storage"
)

// Sizes of the test objects.
const (
	MiB = 1 << 20
	// largeSize is big enough to need several parts in a multipart upload, and streamed so that
	// an implementation buffering whole objects in memory shows up in the test's memory use.
	largeSize = 64 * MiB
	// cancelAfter is how far a Put gets before its context is cancelled: past the first parts of
	// a multipart upload, so that aborting an upload in progress is exercised too.
	cancelAfter = 40 * MiB
	// runawayLimit stops the cancelled Put's reader if the implementation ignores cancellation.
	runawayLimit = 512 * MiB
)

// Run runs the conformance suite. open returns a fresh, empty storage for one subtest and
// registers its Close with t.Cleanup; it is called once per subtest.
func Run(t *testing.T, open func(t *testing.T) storage.Storage) {
	t.Run("RoundTrip", func(t *testing.T) { testRoundTrip(t, open(t)) })
	t.Run("Large", func(t *testing.T) { testLarge(t, open(t)) })
	t.Run("Stat", func(t *testing.T) { testStat(t, open(t)) })
	t.Run("Overwrite", func(t *testing.T) { testOverwrite(t, open(t)) })
	t.Run("Missing", func(t *testing.T) { testMissing(t, open(t)) })
	t.Run("Delete", func(t *testing.T) { testDelete(t, open(t)) })
	t.Run("List", func(t *testing.T) { testList(t, open(t)) })
	t.Run("ListStops", func(t *testing.T) { testListStops(t, open(t)) })
	t.Run("Names", func(t *testing.T) { testNames(t, open(t)) })
	t.Run("InvalidKeys", func(t *testing.T) { testInvalidKeys(t, open(t)) })
	t.Run("FailedPut", func(t *testing.T) { testFailedPut(t, open) })
	t.Run("Cancel", func(t *testing.T) { testCancel(t, open(t)) })
	t.Run("Concurrent", func(t *testing.T) { testConcurrent(t, open(t)) })
}

func testRoundTrip(t *testing.T, s storage.Storage) {
	for _, tc := range []struct {
		name     string
		size     int64
		declared int64
	}{
		{"empty", 0, 0},
		{"one byte", 1, 1},
		{"1MiB", MiB, MiB},
		{"empty unknown size", 0, -1},
		{"1MiB unknown size", MiB, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := content(1, tc.size)
			key := "roundtrip/" + tc.name
			require.NoError(t, s.Put(t.Context(), key, bytes.NewReader(data), tc.declared))
			require.Equal(t, data, get(t, s, key))
		})
	}
}

func testLarge(t *testing.T, s storage.Storage) {
	want, _, err := digest(generator(7, largeSize))
	require.NoError(t, err)
	require.NoError(t, s.Put(t.Context(), "large/object", generator(7, largeSize), -1))

	obj, err := s.Stat(t.Context(), "large/object")
	require.NoError(t, err)
	require.EqualValues(t, largeSize, obj.Size)

	rc, err := s.Get(t.Context(), "large/object")
	require.NoError(t, err)
	defer rc.Close()
	got, n, err := digest(rc)
	require.NoError(t, err)
	require.EqualValues(t, largeSize, n)
	require.Equal(t, want, got, "SHA-256 of the object read back")
}

func testStat(t *testing.T, s storage.Storage) {
	before := time.Now()
	put(t, s, "stat/obj", content(2, 1234))
	obj, err := s.Stat(t.Context(), "stat/obj")
	require.NoError(t, err)
	require.Equal(t, "stat/obj", obj.Key)
	require.EqualValues(t, 1234, obj.Size)
	// Remote clocks drift, and some servers keep whole seconds only.
	require.WithinRange(t, obj.ModTime, before.Add(-time.Hour), time.Now().Add(time.Hour))
}

func testOverwrite(t *testing.T, s storage.Storage) {
	put(t, s, "over/obj", content(3, 5000))
	put(t, s, "over/obj", []byte("short"))
	require.Equal(t, []byte("short"), get(t, s, "over/obj"))
	obj, err := s.Stat(t.Context(), "over/obj")
	require.NoError(t, err)
	require.EqualValues(t, 5, obj.Size)
	require.Equal(t, map[string]int64{"over/obj": 5}, list(t, s, ""))
}

func testMissing(t *testing.T, s storage.Storage) {
	put(t, s, "dir/present", []byte("x"))
	for _, key := range []string{"missing", "dir/missing", "nodir/missing", "dir"} {
		_, err := s.Get(t.Context(), key)
		require.ErrorIs(t, err, storage.ErrNotFound, "Get %q", key)
		_, err = s.Stat(t.Context(), key)
		require.ErrorIs(t, err, storage.ErrNotFound, "Stat %q", key)
		require.NoError(t, s.Delete(t.Context(), key), "Delete %q", key)
	}
	require.Equal(t, []byte("x"), get(t, s, "dir/present"))
}

func testDelete(t *testing.T, s storage.Storage) {
	put(t, s, "del/a", []byte("a"))
	put(t, s, "del/b", []byte("b"))
	require.NoError(t, s.Delete(t.Context(), "del/a"))
	_, err := s.Stat(t.Context(), "del/a")
	require.ErrorIs(t, err, storage.ErrNotFound)
	require.NoError(t, s.Delete(t.Context(), "del/a"), "deleting twice")
	require.Equal(t, map[string]int64{"del/b": 1}, list(t, s, ""))
}

func testList(t *testing.T, s storage.Storage) {
	for i, key := range []string{"a/b/c", "a/b/d", "a/x", "ab", "b/y"} {
		put(t, s, key, content(uint64(i), int64(10+i)))
	}
	all := map[string]int64{"a/b/c": 10, "a/b/d": 11, "a/x": 12, "ab": 13, "b/y": 14}
	for _, tc := range []struct {
		prefix string
		want   []string
	}{
		{"", []string{"a/b/c", "a/b/d", "a/x", "ab", "b/y"}},
		{"a/", []string{"a/b/c", "a/b/d", "a/x"}},
		{"a", []string{"a/b/c", "a/b/d", "a/x", "ab"}},
		{"a/b/", []string{"a/b/c", "a/b/d"}},
		{"a/b", []string{"a/b/c", "a/b/d"}},
		{"a/b/c", []string{"a/b/c"}},
		{"a/b/c/", nil},
		{"b/", []string{"b/y"}},
		{"zzz/", nil},
		{"a/zzz", nil},
	} {
		want := map[string]int64{}
		for _, k := range tc.want {
			want[k] = all[k]
		}
		require.Equal(t, want, list(t, s, tc.prefix), "List(%q)", tc.prefix)
	}
}

func testListStops(t *testing.T, s storage.Storage) {
	for i := range 3 {
		put(t, s, fmt.Sprintf("stop/%d", i), []byte("x"))
	}
	stop := errors.New("stop here")
	calls := 0
	err := s.List(t.Context(), "stop/", func(storage.Object) error { calls++; return stop })
	require.ErrorIs(t, err, stop)
	require.Equal(t, 1, calls, "fn called after it returned an error")
}

func testNames(t *testing.T, s storage.Storage) {
	keys := []string{
		"with space/a file name.txt",
		"ünïcödé/日本語 ファイル.bin",
		"emoji/🎉 party.tar.gz",
		"special/a+b=c&d;e,f@g$h!i'j(k)~l#m%n?o.txt",
		"dots/..a/b..",
	}
	want := map[string]int64{}
	for i, key := range keys {
		data := content(uint64(100+i), int64(20+i))
		put(t, s, key, data)
		require.Equal(t, data, get(t, s, key), key)
		want[key] = int64(len(data))
	}
	require.Equal(t, want, list(t, s, ""))
	require.Equal(t, map[string]int64{keys[1]: want[keys[1]]}, list(t, s, "ünïcödé/"))
}

func testInvalidKeys(t *testing.T, s storage.Storage) {
	ctx := t.Context()
	for _, key := range []string{"", "/abs", "../escape", "a/../../escape", "a/..", "a//b", "./a", "a/"} {
		err := s.Put(ctx, key, bytes.NewReader([]byte("x")), 1)
		require.ErrorIs(t, err, storage.ErrInvalidKey, "Put %q", key)
		require.Contains(t, err.Error(), fmt.Sprintf("%q", key), "the error names the key")
		_, err = s.Get(ctx, key)
		require.ErrorIs(t, err, storage.ErrInvalidKey, "Get %q", key)
		_, err = s.Stat(ctx, key)
		require.ErrorIs(t, err, storage.ErrInvalidKey, "Stat %q", key)
		require.ErrorIs(t, s.Delete(ctx, key), storage.ErrInvalidKey, "Delete %q", key)
	}
	require.ErrorIs(t, s.List(ctx, "../", func(storage.Object) error { return nil }), storage.ErrInvalidKey)
	require.Empty(t, list(t, s, ""))
}

// content returns size deterministic bytes for seed.
func content(seed uint64, size int64) []byte {
	b, err := io.ReadAll(generator(seed, size))
	if err != nil {
		panic(err)
	}
	return b
}

func put(t *testing.T, s storage.Storage, key string, data []byte) {
	t.Helper()
	require.NoError(t, s.Put(t.Context(), key, bytes.NewReader(data), int64(len(data))), "Put %q", key)
}

func get(t *testing.T, s storage.Storage, key string) []byte {
	t.Helper()
	rc, err := s.Get(t.Context(), key)
	require.NoError(t, err, "Get %q", key)
	defer rc.Close()
	b, err := io.ReadAll(rc)
	require.NoError(t, err, "read %q", key)
	return b
}

// list returns the size of every object under prefix, failing on duplicates.
func list(t *testing.T, s storage.Storage, prefix string) map[string]int64 {
	t.Helper()
	got := map[string]int64{}
	require.NoError(t, s.List(t.Context(), prefix, func(o storage.Object) error {
		if _, dup := got[o.Key]; dup {
			return fmt.Errorf("key %q listed twice", o.Key)
		}
		require.False(t, o.ModTime.IsZero(), "ModTime of %q", o.Key)
		got[o.Key] = o.Size
		return nil
	}), "List(%q)", prefix)
	return got
}
