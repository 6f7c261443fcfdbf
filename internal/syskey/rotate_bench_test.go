package syskey

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/dbackup/dbackup/internal/viewer"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/database"
	"github.com/dbackup/dbackup/internal/vault"
)

// Sizes of BenchmarkRotate100k: 20,000 sources with five secrets each are 100,000 sealed values.
const (
	benchSources          = 20_000
	benchSecretsPerSource = 5
	// benchChunk rows per INSERT keeps each statement well under SQLite's 32,766 parameters.
	benchChunk = 500
)

// BenchmarkRotate100k times one offline rotation (`dbackup key rotate`: Reseal with BatchSize
// 0, one transaction) of 100,000 sealed values on SQLite. Seeding is outside the timer; each
// iteration rotates to the other of two keys. Run it with scripts/bench/rotate.sh.
func BenchmarkRotate100k(b *testing.B) {
	ctx := viewer.SystemContext(context.Background())
	db, dir := benchDB(b)
	from, to := benchKey(b), benchKey(b)
	benchSeed(b, db, dir, from)
	want := benchSources * benchSecretsPerSource

	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		kr, err := vault.NewKeyring(to, from)
		if err != nil {
			b.Fatal(err)
		}
		s, err := Open(ctx, db.DB, "sqlite3", Keys{Keyring: kr, Source: "bench"}, Options{DataDir: dir})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := s.Reseal(ctx, ResealOptions{BatchSize: 0})
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		if res.Resealed != want || res.Current != 0 {
			b.Fatalf("resealed %d, current %d; want %d, 0", res.Resealed, res.Current, want)
		}
		from, to = to, from
		b.StartTimer()
	}
	b.ReportMetric(float64(want), "values/op")
}

// benchDB returns a migrated, empty SQLite database in a temporary folder.
func benchDB(b *testing.B) (*database.DB, string) {
	b.Helper()
	dir := b.TempDir()
	cfg, err := database.ParseURL("sqlite://" + filepath.Join(dir, "dbackup.db"))
	if err != nil {
		b.Fatal(err)
	}
	if err := database.Migrate(viewer.SystemContext(context.Background()), cfg, 0); err != nil {
		b.Fatal(err)
	}
	db, err := database.Open(viewer.SystemContext(context.Background()), cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = db.Close() })
	return db, dir
}

func benchKey(b *testing.B) vault.Key {
	b.Helper()
	k, err := vault.GenerateKey()
	if err != nil {
		b.Fatal(err)
	}
	return k
}

// benchSeed stores benchSources sources, each with every source secret set, sealed with k by
// the ent hook, in one transaction of bulk inserts.
func benchSeed(b *testing.B, db *database.DB, dir string, k vault.Key) {
	b.Helper()
	ctx := viewer.SystemContext(context.Background())
	kr, err := vault.NewKeyring(k)
	if err != nil {
		b.Fatal(err)
	}
	s, err := Open(ctx, db.DB, "sqlite3", Keys{Keyring: kr, Source: "bench"}, Options{DataDir: dir})
	if err != nil {
		b.Fatal(err)
	}
	err = s.inTx(ctx, func(tx *ent.Tx) error {
		for start := 0; start < benchSources; start += benchChunk {
			bulk := make([]*ent.SourceCreate, 0, benchChunk)
			for i := start; i < min(start+benchChunk, benchSources); i++ {
				bulk = append(bulk, tx.Source.Create().SetName(fmt.Sprintf("src-%06d", i)).SetEngine("postgres").
					SetPassword(fmt.Sprintf("password-%d", i)).SetTLSClientKey(fmt.Sprintf("tls-key-%d", i)).
					SetSSHPassword(fmt.Sprintf("ssh-password-%d", i)).SetSSHPrivateKey(fmt.Sprintf("ssh-key-%d", i)).
					SetSSHPrivateKeyPassphrase(fmt.Sprintf("ssh-phrase-%d", i)))
			}
			if err := tx.Source.CreateBulk(bulk...).Exec(ctx); err != nil {
				return fmt.Errorf("seed sources %d: %w", start, err)
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}
