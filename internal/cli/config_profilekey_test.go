package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/configbackup"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// TestConfigImportOpensProfileKeyEnvelope: a scheduled Config Backup, sealed under a profile
// key, imports with `dbackup config import` on an instance that has that key as a profile, and
// is refused, writing nothing, on one that does not.
func TestConfigImportOpensProfileKeyEnvelope(t *testing.T) {
	ctx := viewer.SystemContext(context.Background())
	dirA, dirB, dirC, work := t.TempDir(), t.TempDir(), t.TempDir(), t.TempDir()
	pk, err := vault.GenerateKey()
	require.NoError(t, err)

	t.Setenv("ENCRYPTION_KEY", strings.Repeat("a1", 32))
	a := openDataDir(t, dirA)
	a.Source.Create().SetName("prod").SetEngine("postgres").SetHost("db").SetUsername("backup").
		SetPassword("the-source-password").SaveX(ctx)
	data, err := configbackup.Export(ctx, a, configbackup.ExportOptions{IncludeSecrets: true, ProfileKey: &pk})
	require.NoError(t, err)
	out := filepath.Join(work, "config.json")
	require.NoError(t, os.WriteFile(out, data, 0o600))

	t.Setenv("ENCRYPTION_KEY", strings.Repeat("c3", 32))
	c := openDataDir(t, dirC)
	err = New().Run(ctx, []string{"dbackup", "config", "import", "--data-dir", dirC, out})
	require.ErrorIs(t, err, configbackup.ErrProfileKeyRequired)
	require.Zero(t, c.Source.Query().CountX(ctx), "nothing is written")

	t.Setenv("ENCRYPTION_KEY", strings.Repeat("b2", 32))
	b := openDataDir(t, dirB)
	b.EncryptionProfile.Create().SetName("restored").SetKey(pk.Reveal()).SetKeyID(vault.KeyID(pk)).SaveX(ctx)
	require.NoError(t, New().Run(ctx, []string{"dbackup", "config", "import", "--data-dir", dirB, out}))
	require.Equal(t, "prod", b.Source.Query().OnlyX(ctx).Name)
}
