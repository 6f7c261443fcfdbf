package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/ent"
	entsource "github.com/dbackup/dbackup/ent/source"
	"github.com/dbackup/dbackup/internal/database"
	"github.com/dbackup/dbackup/internal/syskey"
	"github.com/dbackup/dbackup/internal/vault/entvault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// openDataDir opens DATA_DIR's database with the ENCRYPTION_KEY of the environment, as the
// server would, for the test to seed and read it.
func openDataDir(t *testing.T, dir string) *ent.Client {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	cfg, err := database.ParseURL("sqlite://" + filepath.Join(dir, "dbackup.db"))
	require.NoError(t, err)
	require.NoError(t, database.Migrate(ctx, cfg, 0))
	db, err := database.Open(ctx, cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	keys, err := syskey.LoadKeys(os.Getenv, dir)
	require.NoError(t, err)
	sk, err := syskey.Open(ctx, db.DB, db.EntDialect(), keys, syskey.Options{DataDir: dir})
	require.NoError(t, err)
	return sk.Client()
}

// TestConfigExportImportAcrossKeys: `dbackup config export --secrets` on one instance and
// `dbackup config import` on another with a different ENCRYPTION_KEY keep a source's password
// working; a wrong passphrase writes nothing; --dry-run writes nothing.
func TestConfigExportImportAcrossKeys(t *testing.T) {
	ctx := viewer.SystemContext(context.Background())
	dirA, dirB, work := t.TempDir(), t.TempDir(), t.TempDir()
	pass := filepath.Join(work, "pass")
	require.NoError(t, os.WriteFile(pass, []byte("correct horse battery staple\n"), 0o600))

	t.Setenv("ENCRYPTION_KEY", strings.Repeat("a1", 32))
	a := openDataDir(t, dirA)
	a.Source.Create().SetName("prod").SetEngine("postgres").SetHost("db").SetUsername("backup").
		SetPassword("the-source-password").SaveX(ctx)
	out := filepath.Join(work, "config.json")
	require.NoError(t, New().Run(ctx, []string{"dbackup", "config", "export", "--data-dir", dirA, "--secrets", "--passphrase-file", pass, out}))
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	require.NotContains(t, string(data), "the-source-password")

	t.Setenv("ENCRYPTION_KEY", strings.Repeat("b2", 32))
	b := openDataDir(t, dirB)
	require.NoError(t, New().Run(ctx, []string{"dbackup", "config", "import", "--data-dir", dirB, "--passphrase-file", pass, "--dry-run", out}))
	require.Zero(t, b.Source.Query().CountX(ctx), "a dry run writes nothing")

	wrong := filepath.Join(work, "wrong")
	require.NoError(t, os.WriteFile(wrong, []byte("not the passphrase"), 0o600))
	err = New().Run(ctx, []string{"dbackup", "config", "import", "--data-dir", dirB, "--passphrase-file", wrong, out})
	require.ErrorContains(t, err, "wrong passphrase or modified file")
	require.Zero(t, b.Source.Query().CountX(ctx))

	require.NoError(t, New().Run(ctx, []string{"dbackup", "config", "import", "--data-dir", dirB, "--passphrase-file", pass, out}))
	src := b.Source.Query().OnlyX(ctx)
	require.Equal(t, "prod", src.Name)
	keys, err := syskey.LoadKeys(os.Getenv, dirB)
	require.NoError(t, err)
	opened, err := entvault.Open(keys.Keyring, entsource.Table, entsource.FieldPassword, src.ID, src.Password)
	require.NoError(t, err, "sealed under B's key")
	require.Equal(t, "the-source-password", opened.Reveal())
}
