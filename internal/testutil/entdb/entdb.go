// Package entdb gives a test its own migrated SQLite database and the ent client DBackup uses
// over it (through syskey, so that sealed fields are sealed with a fresh key).
package entdb

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/database"
	"github.com/dbackup/dbackup/internal/syskey"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// Open migrates a new SQLite database in a temporary folder and returns its client; the
// database is closed when the test ends.
func Open(t testing.TB) *ent.Client {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	cfg, err := database.ParseURL("sqlite://" + filepath.Join(t.TempDir(), "dbackup.db"))
	must(t, err)
	must(t, database.Migrate(ctx, cfg, 0))
	db, err := database.Open(ctx, cfg)
	must(t, err)
	t.Cleanup(func() { _ = db.Close() })
	k, err := vault.GenerateKey()
	must(t, err)
	kr, err := vault.NewKeyring(k)
	must(t, err)
	sk, err := syskey.Open(ctx, db.DB, db.EntDialect(), syskey.Keys{Keyring: kr, Source: "test"}, syskey.Options{DataDir: t.TempDir()})
	must(t, err)
	return sk.Client()
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("entdb: %v", err)
	}
}
