package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/source/sqlite"
)

// ledger creates a WAL-mode database whose two tables always hold the same number of rows, so
// that a copy taken in the middle of a transaction would show.
func ledger(t *testing.T) (path string, db *sql.DB) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "app data.db")
	db, err := sql.Open("sqlite", path+"?_pragma=journal_mode(wal)&_pragma=busy_timeout(5000)")
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	db.SetMaxOpenConns(1)
	_, err = db.Exec(`CREATE TABLE debit (id INTEGER PRIMARY KEY, v TEXT);
		CREATE TABLE credit (id INTEGER PRIMARY KEY, v TEXT)`)
	require.NoError(t, err)
	for range 50 {
		insertPair(t, db)
	}
	return path, db
}

func insertPair(t *testing.T, db *sql.DB) {
	require.NoError(t, tryInsertPair(db))
}

// tryInsertPair inserts one row into each table in one transaction.
func tryInsertPair(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	v := strings.Repeat("x", 2000)
	if _, err := tx.Exec("INSERT INTO debit (v) VALUES (?)", v); err != nil {
		return err
	}
	if _, err := tx.Exec("INSERT INTO credit (v) VALUES (?)", v); err != nil {
		return err
	}
	return tx.Commit()
}

// counts opens path and returns its row counts after checking its integrity.
func counts(t *testing.T, path string) (debit, credit int) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	var ok string
	require.NoError(t, db.QueryRow("PRAGMA integrity_check").Scan(&ok))
	require.Equal(t, "ok", ok)
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM debit").Scan(&debit))
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM credit").Scan(&credit))
	return debit, credit
}

func dump(t *testing.T, path string) []byte {
	t.Helper()
	var buf bytes.Buffer
	info, err := open(t, path).Dump(context.Background(), path, &buf)
	require.NoError(t, err)
	require.Equal(t, sqlite.Format, info.Format)
	require.Regexp(t, `^SQLite 3\.\d+\.\d+$`, info.ServerVersion)
	require.Empty(t, info.ToolVersion)
	return buf.Bytes()
}

func TestDumpWhileWritingIsConsistent(t *testing.T) {
	path, db := ledger(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // to see the snapshot go

	var (
		stop     atomic.Bool
		written  atomic.Int64
		wg       sync.WaitGroup
		writeErr error
	)
	wg.Go(func() {
		for !stop.Load() && writeErr == nil {
			writeErr = tryInsertPair(db)
			written.Add(1)
		}
	})
	var dumps [][]byte
	start := time.Now()
	for range 5 {
		dumps = append(dumps, dump(t, path))
	}
	t.Logf("5 dumps in %v while %d transactions committed", time.Since(start), written.Load())
	stop.Store(true)
	wg.Wait()
	require.NoError(t, writeErr)
	require.Positive(t, written.Load())

	s := open(t, path)
	last := 0
	for i, d := range dumps {
		target := filepath.Join(t.TempDir(), "restored.db")
		require.NoError(t, s.Restore(context.Background(), target, bytes.NewReader(d),
			source.RestoreOptions{Format: sqlite.Format, Create: true}))
		entries, err := os.ReadDir(filepath.Dir(target))
		require.NoError(t, err)
		require.Len(t, entries, 1, "only the restored file: %v", entries)
		debit, credit := counts(t, target)
		require.Equal(t, debit, credit, "dump %d caught a transaction half done", i)
		require.GreaterOrEqual(t, debit, last)
		last = debit
	}
	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	require.Empty(t, left, "snapshots must be removed")
}

func TestDumpRefusesOtherFiles(t *testing.T) {
	path, _ := ledger(t)
	_, err := open(t, path).Dump(context.Background(), "/etc/passwd", &bytes.Buffer{})
	require.Equal(t, connerr.Config, connerr.KindOf(err))
}

func TestDumpCancelled(t *testing.T) {
	path, _ := ledger(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := open(t, path).Dump(ctx, path, &bytes.Buffer{})
	require.ErrorIs(t, err, context.Canceled)
}

func inode(t *testing.T, path string) uint64 {
	fi, err := os.Stat(path)
	require.NoError(t, err)
	return fi.Sys().(*syscall.Stat_t).Ino
}

func TestRestoreReplacesAtomically(t *testing.T) {
	path, db := ledger(t)
	good := dump(t, path)
	for range 10 {
		insertPair(t, db)
	}
	require.NoError(t, db.Close())

	target := filepath.Join(t.TempDir(), "target.db")
	s := open(t, path)
	opts := source.RestoreOptions{Format: sqlite.Format}

	err := s.Restore(context.Background(), target, bytes.NewReader(good), opts)
	require.Equal(t, connerr.NotFound, connerr.KindOf(err), "a missing target needs Create")
	_, err = os.Stat(target)
	require.ErrorIs(t, err, os.ErrNotExist)

	// The newer file becomes the target, then the older dump replaces it.
	newer, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(target, newer, 0o640))
	require.NoError(t, os.WriteFile(target+"-wal", []byte("stale"), 0o640))
	before := inode(t, target)
	require.NoError(t, s.Restore(context.Background(), target, bytes.NewReader(good), opts))
	require.NotEqual(t, before, inode(t, target), "the file must be replaced, not rewritten")
	_, err = os.Stat(target + "-wal")
	require.ErrorIs(t, err, os.ErrNotExist, "the old file's WAL must go")
	fi, err := os.Stat(target)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o640), fi.Mode().Perm(), "the target keeps its mode")
	debit, _ := counts(t, target)
	require.Equal(t, 50, debit)

	restored, err := os.ReadFile(target)
	require.NoError(t, err)
	truncated := good[:len(good)/2]
	corrupt := bytes.Clone(good)
	for i := 4096; i < len(corrupt); i += 97 { // past the first page, which holds the header
		corrupt[i] ^= 0x5a
	}
	for name, input := range map[string][]byte{
		"empty":      nil,
		"not sqlite": []byte(strings.Repeat("not a database ", 1000)),
		"truncated":  truncated,
		"corrupt":    corrupt,
	} {
		t.Run(name, func(t *testing.T) {
			err := s.Restore(context.Background(), target, bytes.NewReader(input), opts)
			require.ErrorIs(t, err, sqlite.ErrNotDatabase)
			after, err := os.ReadFile(target)
			require.NoError(t, err)
			require.Equal(t, restored, after, "a failed restore must leave the target untouched")
			entries, err := os.ReadDir(filepath.Dir(target))
			require.NoError(t, err)
			require.Len(t, entries, 1, "temporary files must be removed: %v", entries)
		})
	}
}

func TestRestoreRefusesOtherFormats(t *testing.T) {
	path, _ := ledger(t)
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	err = open(t, path).Restore(context.Background(), path, strings.NewReader("SELECT 1"),
		source.RestoreOptions{Format: "mysqldump-sql"})
	require.Equal(t, connerr.Config, connerr.KindOf(err))
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, before, after)
}
