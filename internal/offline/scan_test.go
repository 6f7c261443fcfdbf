package offline

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/offline/offlinetest"
)

func TestScan(t *testing.T) {
	dir := t.TempDir()
	key := offlinetest.Key(t)
	t0 := time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC)
	offlinetest.Write(t, offlinetest.Spec{Dir: dir, Object: "a/old.dump.zst", Job: "old", Engine: "postgres",
		DBs: []offlinetest.DB{{Name: "app", Data: []byte("x")}}, Compression: compress.Zstd, Finished: t0})
	offlinetest.Write(t, offlinetest.Spec{Dir: dir, Object: "b/c/new.sql.gz.enc", Job: "new", Engine: "mysql",
		DBs: []offlinetest.DB{{Name: "shop", Data: []byte("y")}}, Compression: compress.Gzip, Key: &key, Finished: t0.Add(time.Hour)})
	offlinetest.Write(t, offlinetest.Spec{Dir: dir, Object: "nosidecar.dump", Engine: "postgres",
		DBs: []offlinetest.DB{{Name: "x", Data: nil}}, Compression: compress.None, NoSidecar: true})
	require.NoError(t, os.WriteFile(filepath.Join(dir, "gone.dump.meta.json"), []byte("{}"), 0o600))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, ".x.partial-1"), 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".x.partial-1", "y.meta.json"), []byte("{}"), 0o600))

	backups, problems, err := Scan(context.Background(), dir)
	require.NoError(t, err)
	require.Len(t, backups, 2)
	require.Equal(t, "new", backups[0].Job)
	require.Equal(t, Encrypted, backups[0].Kind)
	require.Equal(t, "old", backups[1].Job)
	require.Len(t, problems, 1)
	require.Equal(t, filepath.Join(dir, "gone.dump.meta.json"), problems[0].Path)
}

func TestProgress(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	var plain bytes.Buffer
	p := NewProgress(&plain, false, clock)
	p.Start("restoring x", 4<<20)
	for range 4 {
		now = now.Add(time.Second)
		p.Add(1 << 20)
	}
	p.Done(nil)
	require.Equal(t, "restoring x: 4.0 MiB\nrestoring x: 25%\nrestoring x: 50%\nrestoring x: 75%\n"+
		"restoring x: done, 4.0 MiB in 4s (1.0 MiB/s)\n", plain.String())

	var tty bytes.Buffer
	p = NewProgress(&tty, true, clock)
	p.Start("v", 100)
	now = now.Add(time.Second)
	p.Add(50)
	require.Contains(t, tty.String(), "\rv [###############...............]  50.0%  50 B / 100 B  50 B/s")
	p.Done(nil)
	require.Contains(t, tty.String(), "\x1b[K\nv: done, 50 B in 1s (50 B/s)\n")

	var nilProgress *Progress
	nilProgress.Start("x", 1)
	nilProgress.Add(1)
	nilProgress.Done(nil)
}
