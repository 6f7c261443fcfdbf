package offline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/offline/offlinetest"
	"github.com/dbackup/dbackup/internal/vault"
)

func TestLoadKit(t *testing.T) {
	dir := t.TempDir()
	a, b := offlinetest.Key(t), offlinetest.Key(t)
	offlinetest.WriteKit(t, dir, offlinetest.KitKey{ProfileID: "p1", ProfileName: "main", Key: a},
		offlinetest.KitKey{ProfileID: "p2", ProfileName: "old", Key: b})
	keys, err := LoadKit(dir)
	require.NoError(t, err)
	require.Len(t, keys, 2)
	require.Equal(t, vault.KeyID(a), keys[0].KeyID)
	require.Equal(t, "main", keys[0].ProfileName)
	kr := NewKeyring(keys...)
	require.True(t, kr.Has(vault.KeyID(b)))
	require.True(t, kr.HasProfile("p2"))
	got, err := kr.LookupKey(vault.KeyID(b))
	require.NoError(t, err)
	require.Equal(t, b, got)

	index := filepath.Join(dir, "keys", "keys.json")
	orig, err := os.ReadFile(index)
	require.NoError(t, err)
	for name, edit := range map[string]func(s string) string{
		"kid mismatch":  func(s string) string { return strings.Replace(s, vault.KeyID(a), vault.KeyID(b), 1) },
		"escaping path": func(s string) string { return strings.Replace(s, `"keys/`, `"../keys/`, 1) },
		"version":       func(s string) string { return strings.Replace(s, `"version":1`, `"version":2`, 1) },
		"not json":      func(string) string { return "{" },
	} {
		require.NoError(t, os.WriteFile(index, []byte(edit(string(orig))), 0o600))
		_, err := LoadKit(dir)
		require.ErrorIs(t, err, ErrKit, name)
		require.NotContains(t, err.Error(), a.Reveal())
	}
	_, err = LoadKit(t.TempDir())
	require.ErrorIs(t, err, ErrKit)
}
