package vault

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLoadFromEnv(t *testing.T) {
	k0, k1, k2 := testKey(0).Reveal(), testKey(0x20).Reveal(), testKey(0x40).Reveal()
	files := map[string]string{
		"/run/secrets/key":      "# DBackup system key\n" + strings.ToUpper(k0) + "\n",
		"/run/secrets/previous": "# rotated 2026-01\n" + k1 + "\n\n  " + k2 + "  # the oldest\r\n",
		"/run/secrets/two-keys": k0 + "\n" + k1 + "\n",
		"/run/secrets/empty":    "# nothing yet\n\n",
		"/run/secrets/bad-line": "# old keys\n" + k1 + "\n" + k2[:40] + "\n",
		"/run/secrets/has-k0":   k1 + "\n" + k0 + "\n",
	}
	readFile := func(path string) ([]byte, error) {
		if s, ok := files[path]; ok {
			return []byte(s), nil
		}
		return nil, &fs.PathError{Op: "open", Path: path, Err: fs.ErrNotExist}
	}
	ids := func(seeds ...byte) []string {
		out := make([]string, len(seeds))
		for i, s := range seeds {
			out[i] = KeyID(testKey(s))
		}
		return out
	}

	tests := []struct {
		name       string
		env        map[string]string
		wantIDs    []string // nil with wantErr == "": no key configured
		wantSource string
		wantErr    []string // substrings of the error, which also names wantErr[0]
	}{
		{name: "nothing set", env: map[string]string{}},
		{name: "key", env: map[string]string{EnvKey: k0}, wantIDs: ids(0), wantSource: EnvKey},
		{name: "key with newline", env: map[string]string{EnvKey: k0 + "\n"}, wantIDs: ids(0), wantSource: EnvKey},
		{name: "key file with comment", env: map[string]string{EnvKeyFile: "/run/secrets/key"}, wantIDs: ids(0), wantSource: "ENCRYPTION_KEY_FILE (/run/secrets/key)"},
		{name: "previous, comma separated", env: map[string]string{EnvKey: k0, EnvPrevious: k1 + "," + k2}, wantIDs: ids(0, 0x20, 0x40), wantSource: EnvKey},
		{name: "previous, spaces, newlines and stray commas", env: map[string]string{EnvKey: k0, EnvPrevious: " " + k1 + " ,\n\t" + k2 + ", "}, wantIDs: ids(0, 0x20, 0x40), wantSource: EnvKey},
		{name: "previous file with comments", env: map[string]string{EnvKey: k0, EnvPreviousFile: "/run/secrets/previous"}, wantIDs: ids(0, 0x20, 0x40), wantSource: EnvKey},
		{name: "previous and previous file", env: map[string]string{EnvKeyFile: "/run/secrets/key", EnvPrevious: k1, EnvPreviousFile: "/run/secrets/empty"}, wantIDs: ids(0, 0x20), wantSource: "ENCRYPTION_KEY_FILE (/run/secrets/key)"},

		{name: "both key and key file", env: map[string]string{EnvKey: k0, EnvKeyFile: "/run/secrets/key"}, wantErr: []string{EnvKey, EnvKeyFile, "set only one"}},
		{name: "short key", env: map[string]string{EnvKey: k0[:12]}, wantErr: []string{"ENCRYPTION_KEY: is 12 characters, want 64 hex characters"}},
		{name: "non-hex key", env: map[string]string{EnvKey: "z" + k0[1:]}, wantErr: []string{"ENCRYPTION_KEY: contains a non-hex character at position 1"}},
		{name: "white space only key", env: map[string]string{EnvKey: "  "}, wantErr: []string{"ENCRYPTION_KEY: is empty"}},
		{name: "missing key file", env: map[string]string{EnvKeyFile: "/nope"}, wantErr: []string{"ENCRYPTION_KEY_FILE: open /nope"}},
		{name: "key file without key", env: map[string]string{EnvKeyFile: "/run/secrets/empty"}, wantErr: []string{"ENCRYPTION_KEY_FILE: /run/secrets/empty: file holds no key"}},
		{name: "key file with two keys", env: map[string]string{EnvKeyFile: "/run/secrets/two-keys"}, wantErr: []string{"ENCRYPTION_KEY_FILE: /run/secrets/two-keys line 2: is a second key"}},
		{name: "bad previous key", env: map[string]string{EnvKey: k0, EnvPrevious: k1 + "," + k2[:63]}, wantErr: []string{"ENCRYPTION_KEY_PREVIOUS: key 2: is 63 characters"}},
		{name: "previous without key", env: map[string]string{EnvPrevious: k1}, wantErr: []string{"ENCRYPTION_KEY_PREVIOUS: previous keys are set but"}},
		{name: "previous file without key", env: map[string]string{EnvPreviousFile: "/run/secrets/previous"}, wantErr: []string{"ENCRYPTION_KEY_PREVIOUS: previous keys are set but"}},
		{name: "previous is the primary", env: map[string]string{EnvKey: k0, EnvPrevious: k1 + " " + strings.ToUpper(k0)}, wantErr: []string{"ENCRYPTION_KEY_PREVIOUS: key 2: is the same key as ENCRYPTION_KEY ("}},
		{name: "previous listed twice", env: map[string]string{EnvKey: k0, EnvPrevious: k1, EnvPreviousFile: "/run/secrets/previous"}, wantErr: []string{"ENCRYPTION_KEY_PREVIOUS_FILE: /run/secrets/previous line 2: is the same key as ENCRYPTION_KEY_PREVIOUS key 1 ("}},
		{name: "previous file holds the primary from a file", env: map[string]string{EnvKeyFile: "/run/secrets/key", EnvPreviousFile: "/run/secrets/has-k0"}, wantErr: []string{"ENCRYPTION_KEY_PREVIOUS_FILE: /run/secrets/has-k0 line 2: is the same key as ENCRYPTION_KEY_FILE ("}},
		{name: "bad line in previous file", env: map[string]string{EnvKey: k0, EnvPreviousFile: "/run/secrets/bad-line"}, wantErr: []string{"ENCRYPTION_KEY_PREVIOUS_FILE: /run/secrets/bad-line line 3: is 40 characters"}},
		{name: "missing previous file", env: map[string]string{EnvKey: k0, EnvPreviousFile: "/gone"}, wantErr: []string{"ENCRYPTION_KEY_PREVIOUS_FILE: open /gone"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := LoadFromEnv(func(k string) string { return tt.env[k] }, readFile)
			if len(tt.wantErr) > 0 {
				require.Error(t, err)
				msg := err.Error()
				for _, want := range tt.wantErr {
					require.Contains(t, msg, want)
				}
				require.True(t, strings.HasPrefix(msg, "ENCRYPTION_KEY"), "names the variable first: %s", msg)
				require.NotContains(t, msg, "\n")
				require.True(t, strings.HasSuffix(msg, "; generate a key with: openssl rand -hex 32"), msg)
				for _, k := range []string{k0, k1, k2} {
					requireNoLeak(t, msg, k[:16])
				}
				require.Nil(t, res.Keyring)
				return
			}
			require.NoError(t, err)
			if tt.wantIDs == nil {
				require.True(t, res.Missing())
				return
			}
			require.False(t, res.Missing())
			require.Equal(t, tt.wantIDs, res.Keyring.KeyIDs())
			require.Equal(t, tt.wantSource, res.Source)
		})
	}
}

func TestLoadFromEnvErrorsMatchSentinels(t *testing.T) {
	_, err := LoadFromEnv(func(k string) string { return map[string]string{EnvKey: "abc"}[k] }, nil)
	require.ErrorIs(t, err, ErrInvalidKey)
	_, err = LoadFromEnv(func(k string) string { return map[string]string{EnvKeyFile: "/does/not/exist"}[k] }, nil)
	require.ErrorIs(t, err, fs.ErrNotExist)
}

func TestLoadFromEnvReadsDiskAndWarnsAboutOpenFiles(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "key")
	prev := filepath.Join(dir, "previous")
	require.NoError(t, os.WriteFile(key, []byte(testKey(0).Reveal()+"\n"), 0o600))
	require.NoError(t, os.WriteFile(prev, []byte(testKey(0x20).Reveal()+"\n"), 0o644))
	require.NoError(t, os.Chmod(prev, 0o644)) // whatever the umask

	env := map[string]string{EnvKeyFile: key, EnvPreviousFile: prev}
	res, err := LoadFromEnv(func(k string) string { return env[k] }, nil)
	require.NoError(t, err)
	require.Equal(t, []string{KeyID(testKey(0)), KeyID(testKey(0x20))}, res.Keyring.KeyIDs())
	require.Len(t, res.Warnings, 1)
	require.Contains(t, res.Warnings[0], "ENCRYPTION_KEY_PREVIOUS_FILE: "+prev+" can be read by group or others")
}
