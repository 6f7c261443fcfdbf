package vault

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestGenerateKeyFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data") // does not exist yet
	k, path, err := GenerateKeyFile(dir)
	require.NoError(t, err)
	require.Equal(t, filepath.Join(dir, "encryption.key"), path)

	st, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, fs.FileMode(0o600), st.Mode().Perm())
	content, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Regexp(t, `^[0-9a-f]{64}\n$`, string(content))

	back, tooOpen, err := ReadKeyFile(path)
	require.NoError(t, err)
	require.False(t, tooOpen)
	require.Equal(t, k, back)
	fromEnv, err := ParseKey(string(content))
	require.NoError(t, err)
	require.Equal(t, k, fromEnv)

	_, _, err = GenerateKeyFile(dir)
	require.ErrorIs(t, err, fs.ErrExist, "an existing key file must never be replaced")
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, content, after)

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temporary files left behind: %v", entries)
}

func TestPublishNeverReplaces(t *testing.T) {
	dir := t.TempDir()
	tmp := filepath.Join(dir, "tmp")
	require.NoError(t, os.WriteFile(tmp, []byte("x"), 0o600))
	target := filepath.Join(dir, "target")
	require.NoError(t, os.WriteFile(target, []byte("keep"), 0o600))
	require.ErrorIs(t, publish(tmp, target), fs.ErrExist)
	got, err := os.ReadFile(target)
	require.NoError(t, err)
	require.Equal(t, "keep", string(got))
}

func TestReadKeyFile(t *testing.T) {
	k0 := testKey(0).Reveal()
	tests := []struct {
		name    string
		content string
		mode    fs.FileMode
		tooOpen bool
		wantErr string
	}{
		{name: "bare key", content: k0, mode: 0o600},
		{name: "comments and blank lines", content: "# DBackup\n\n" + k0 + "  # current\n", mode: 0o400},
		{name: "group readable", content: k0 + "\n", mode: 0o640, tooOpen: true},
		{name: "world readable", content: k0 + "\n", mode: 0o604, tooOpen: true},
		{name: "short", content: "# x\n" + k0[:20] + "\n", mode: 0o600, wantErr: "line 2: invalid key: is 20 characters, want 64 hex characters"},
		{name: "empty", content: "", mode: 0o600, wantErr: "file holds no key"},
		{name: "two keys", content: k0 + "\n" + testKey(1).Reveal() + "\n", mode: 0o600, wantErr: "line 2: invalid key: is a second key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "key")
			require.NoError(t, os.WriteFile(path, []byte(tt.content), 0o600))
			require.NoError(t, os.Chmod(path, tt.mode))
			k, tooOpen, err := ReadKeyFile(path)
			if tt.wantErr != "" {
				require.ErrorIs(t, err, ErrInvalidKey)
				require.Contains(t, err.Error(), tt.wantErr)
				requireNoLeak(t, err.Error(), k0[:16])
				return
			}
			require.NoError(t, err)
			require.Equal(t, testKey(0), k)
			require.Equal(t, tt.tooOpen, tooOpen)
		})
	}

	_, _, err := ReadKeyFile(filepath.Join(t.TempDir(), "missing"))
	require.ErrorIs(t, err, fs.ErrNotExist)
	_, _, err = ReadKeyFile(t.TempDir())
	require.ErrorContains(t, err, "not a regular file")
}
