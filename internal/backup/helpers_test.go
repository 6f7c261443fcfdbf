package backup

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/storage/local"
	"github.com/dbackup/dbackup/internal/vault"
)

// fakeDumper is a function-field fake; with DumpFunc nil it writes a small text dump.
type fakeDumper struct {
	DumpFunc func(ctx context.Context, db string, w io.Writer) (source.DumpInfo, error)
}

func (f fakeDumper) Dump(ctx context.Context, db string, w io.Writer) (source.DumpInfo, error) {
	if f.DumpFunc == nil {
		return textDump(64<<10, -1)(ctx, db, w)
	}
	return f.DumpFunc(ctx, db, w)
}

var errDumpBroke = errors.New("dump broke")

// textDump writes size bytes of SQL-like text; when failAt >= 0 it fails with errDumpBroke
// after that many bytes.
func textDump(size, failAt int64) func(context.Context, string, io.Writer) (source.DumpInfo, error) {
	return func(ctx context.Context, db string, w io.Writer) (source.DumpInfo, error) {
		info := source.DumpInfo{Format: "fake-sql", ServerVersion: "Fake 1.0"}
		bw := bufio.NewWriterSize(w, 32<<10)
		var n int64
		for i := 0; n < size; i++ {
			if err := ctx.Err(); err != nil {
				return info, err
			}
			if failAt >= 0 && n >= failAt {
				return info, errDumpBroke
			}
			line := fmt.Sprintf("INSERT INTO t (id, v) VALUES (%d, 'row %d of %s');\n", i, i*7919%100003, db)
			if int64(len(line)) > size-n {
				line = line[:size-n]
			}
			m, err := bw.WriteString(line)
			n += int64(m)
			if err != nil {
				return info, err
			}
		}
		return info, bw.Flush()
	}
}

// failingStorage fails Put after reading After bytes.
type failingStorage struct {
	storage.Storage
	After int64
}

var errTargetBroke = errors.New("target broke")

func (f failingStorage) Put(ctx context.Context, key string, r io.Reader, size int64) error {
	if _, err := io.CopyN(io.Discard, r, f.After); err != nil {
		return err
	}
	return errTargetBroke
}

// newLocal returns local storage over a fresh folder.
func newLocal(t testing.TB) (*local.Local, string) {
	t.Helper()
	dir := t.TempDir()
	l, err := local.New(local.Config{Path: dir})
	require.NoError(t, err)
	return l, dir
}

// files lists every file under dir, temporary ones included.
func files(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return err
	}))
	return out
}

// readStored returns the stored object and its decrypted, decompressed content.
func readStored(t testing.TB, st storage.Storage, objKey string, key *vault.Key, alg compress.Algorithm) (stored, plain []byte) {
	t.Helper()
	rc, err := st.Get(context.Background(), objKey)
	require.NoError(t, err)
	stored, err = io.ReadAll(rc)
	require.NoError(t, err)
	require.NoError(t, rc.Close())

	rc, err = st.Get(context.Background(), objKey)
	require.NoError(t, err)
	defer rc.Close()
	var r io.Reader = rc
	if key != nil {
		er, err := encfile.NewReader(rc, encfile.Keys(*key))
		require.NoError(t, err)
		r = er
	}
	dr, err := compress.NewReader(r, alg)
	require.NoError(t, err)
	defer dr.Close()
	plain, err = io.ReadAll(dr)
	require.NoError(t, err)
	return stored, plain
}

func testKey() *vault.Key {
	var k vault.Key
	for i := range k {
		k[i] = byte(i)
	}
	return &k
}
