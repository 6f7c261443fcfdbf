package backup

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/source/sqlite"
	"github.com/dbackup/dbackup/internal/vault"
)

// TestRunSQLite backs up a real SQLite database and checks the stored file is that database.
func TestRunSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.db")
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	_, err = db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)`)
	require.NoError(t, err)
	for i := range 2000 {
		_, err = db.Exec(`INSERT INTO t (v) VALUES (?)`, strings.Repeat("x", i%200))
		require.NoError(t, err)
	}
	require.NoError(t, db.Close())

	src, err := sqlite.New(source.Config{Engine: "sqlite", Database: path})
	require.NoError(t, err)
	t.Cleanup(func() { _ = src.Close() })

	for _, key := range []*vault.Key{nil, testKey()} {
		a, _ := newLocal(t)
		b, _ := newLocal(t)
		res, err := Run(context.Background(), Plan{
			Dumper: src, Database: path, Compression: compress.Zstd, Key: key,
			ObjectKey: "app.db.zst", Targets: []Target{{"a", a}, {"b", b}},
		}, nil)
		require.NoError(t, err)
		require.Equal(t, Success, res.Status())
		require.Equal(t, sqlite.Format, res.DumpInfo.Format)
		storedA, plain := readStored(t, a, "app.db.zst", key, compress.Zstd)
		storedB, _ := readStored(t, b, "app.db.zst", key, compress.Zstd)
		require.Equal(t, storedA, storedB)
		require.True(t, bytes.HasPrefix(plain, []byte("SQLite format 3\x00")))
		require.EqualValues(t, len(plain), res.DumpSize)
	}
}
