package storage_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/storage"
)

func TestCheckKey(t *testing.T) {
	for _, key := range []string{"a", "a/b/c", "with space/ünï.txt", "..a/b..", ".hidden", "a/.b"} {
		require.NoError(t, storage.CheckKey(key), key)
	}
	for _, key := range []string{"", "/a", "a/", "a//b", ".", "..", "../a", "a/../b", "a/./b", "a\x00b"} {
		err := storage.CheckKey(key)
		require.ErrorIs(t, err, storage.ErrInvalidKey, key)
	}
	for _, p := range []string{"", "a", "a/", "a/b/", "a/b"} {
		require.NoError(t, storage.CheckPrefix(p), p)
	}
	for _, p := range []string{"/", "../", "a//", "/a"} {
		require.ErrorIs(t, storage.CheckPrefix(p), storage.ErrInvalidKey, p)
	}
}
