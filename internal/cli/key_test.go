package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/syskey"
	"github.com/dbackup/dbackup/internal/vault"
)

func TestPrintStatus(t *testing.T) {
	expected := "1111111111111111"
	tests := []struct {
		name string
		st   syskey.Status
		want string
	}{
		{
			name: "rotating",
			st: syskey.Status{
				State: syskey.StateRotating, KeyID: "2222222222222222", ExpectedKeyID: &expected,
				PreviousKeyIDs: []string{expected}, Rotation: &syskey.Progress{Done: 3, Total: 5},
				SealedValues: []syskey.KeyCount{{KeyID: expected, Count: 2, Loaded: true}, {KeyID: "2222222222222222", Count: 3, Loaded: true}},
				Message:      "Re-sealing.",
			},
			want: "primary key:    2222222222222222 (ENCRYPTION_KEY)\n" +
				"previous keys:  1111111111111111\n" +
				"state:          ROTATING\n" +
				"expected key:   1111111111111111 (the key the database was last sealed with)\n" +
				"rotation:       3 of 5 values under the primary key\n" +
				"undecryptable:  0\n\n" +
				"KEY ID            SEALED VALUES  LOADED\n" +
				"1111111111111111  2              yes\n" +
				"2222222222222222  3              yes\n\n" +
				"Re-sealing.\n",
		},
		{
			name: "empty database",
			st:   syskey.Status{State: syskey.StateOK, KeyID: "2222222222222222", Message: "Fine."},
			want: "primary key:    2222222222222222 (ENCRYPTION_KEY)\n" +
				"previous keys:  none\n" +
				"state:          OK\n" +
				"undecryptable:  0\n\n" +
				"no stored secrets\n\n" +
				"Fine.\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, printStatus(&b, syskey.Keys{Source: "ENCRYPTION_KEY"}, tt.st))
			require.Equal(t, tt.want, b.String())
		})
	}
}

func TestWriteKeyFileNeverReplaces(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k")
	k, err := vault.GenerateKey()
	require.NoError(t, err)
	require.NoError(t, writeKeyFile(path, k))
	got, _, err := vault.ReadKeyFile(path)
	require.NoError(t, err)
	require.Equal(t, k, got)

	other, err := vault.GenerateKey()
	require.NoError(t, err)
	require.ErrorContains(t, writeKeyFile(path, other), "refusing to overwrite")
	got, _, err = vault.ReadKeyFile(path)
	require.NoError(t, err)
	require.Equal(t, k, got)
}

func TestPauseHook(t *testing.T) {
	t.Setenv(pauseEnv, "")
	hook, err := pauseHook(context.Background())
	require.NoError(t, err)
	require.Nil(t, hook)

	t.Setenv(pauseEnv, "-1")
	_, err = pauseHook(context.Background())
	require.ErrorContains(t, err, pauseEnv)

	t.Setenv(pauseEnv, "2")
	ctx, cancel := context.WithCancel(context.Background())
	hook, err = pauseHook(ctx)
	require.NoError(t, err)
	hook(0)
	hook(1) // returns at once: not the pause point
	cancel()
	hook(2) // pauses until ctx ends, which it has
}
