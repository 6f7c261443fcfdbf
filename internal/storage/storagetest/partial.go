package storagetest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/storage"
)

// Leave makes s look as if a Put of key had been killed with the process half-way, the way only
// the implementation's test knows (a temporary file, a multipart upload with a part), and returns
// a function reporting whether that leftover still exists.
type Leave func(t *testing.T, s storage.Storage, key string) (present func() bool)

// RunPartial runs the conformance suite of storage.PartialRemover. open is as for Run and must
// return a storage implementing PartialRemover.
func RunPartial(t *testing.T, open func(t *testing.T) storage.Storage, leave Leave) {
	t.Run("RemovesLeftovers", func(t *testing.T) { testRemovePartial(t, open(t), leave) })
	t.Run("NothingToRemove", func(t *testing.T) { testRemovePartialNothing(t, open(t)) })
}

func testRemovePartial(t *testing.T, s storage.Storage, leave Leave) {
	pr, ok := s.(storage.PartialRemover)
	require.True(t, ok, "%T implements storage.PartialRemover", s)
	data := content(21, 1000)
	put(t, s, "part/dump", data)
	put(t, s, "part/dump.old", []byte("old"))

	mine := []func() bool{leave(t, s, "part/dump"), leave(t, s, "part/dump")}
	others := map[string]func() bool{
		"longer name":      leave(t, s, "part/dump.old"),
		"shorter name":     leave(t, s, "part/dum"),
		"other folder":     leave(t, s, "other/dump"),
		"nested same name": leave(t, s, "part/dump2/dump"),
	}
	for i, present := range mine {
		require.True(t, present(), "leftover %d before RemovePartial", i)
	}
	for name, present := range others {
		require.True(t, present(), "%s before RemovePartial", name)
	}
	require.Equal(t, map[string]int64{"part/dump": 1000, "part/dump.old": 3}, list(t, s, ""), "leftovers are not listed")

	require.NoError(t, pr.RemovePartial(t.Context(), "part/dump"))
	for i, present := range mine {
		require.False(t, present(), "leftover %d after RemovePartial", i)
	}
	for name, present := range others {
		require.True(t, present(), "%s, a leftover of another key, after RemovePartial", name)
	}
	require.Equal(t, data, get(t, s, "part/dump"), "the complete object stays")
	require.Equal(t, []byte("old"), get(t, s, "part/dump.old"))
	require.NoError(t, pr.RemovePartial(t.Context(), "part/dump"), "removing again")

	// A key whose Put never completed at all.
	require.NoError(t, pr.RemovePartial(t.Context(), "other/dump"))
	require.False(t, others["other folder"]())
	_, err := s.Stat(t.Context(), "other/dump")
	require.ErrorIs(t, err, storage.ErrNotFound)
}

func testRemovePartialNothing(t *testing.T, s storage.Storage) {
	pr, ok := s.(storage.PartialRemover)
	require.True(t, ok, "%T implements storage.PartialRemover", s)
	put(t, s, "dir/obj", []byte("x"))
	for _, key := range []string{"dir/obj", "dir/missing", "nodir/missing", "dir/obj/below", "dir"} {
		require.NoError(t, pr.RemovePartial(t.Context(), key), "RemovePartial %q", key)
	}
	require.Equal(t, []byte("x"), get(t, s, "dir/obj"))
	for _, key := range []string{"", "../escape", "/abs", "a//b"} {
		require.ErrorIs(t, pr.RemovePartial(t.Context(), key), storage.ErrInvalidKey, "RemovePartial %q", key)
	}
}
