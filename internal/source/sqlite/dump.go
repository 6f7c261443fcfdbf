package sqlite

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
)

// Format is the DumpInfo.Format of this engine's dumps: a complete SQLite database file.
const Format = "sqlite-file"

// copyChunk is the unit in which snapshots are streamed, between checks of the context.
const copyChunk = 1 << 20

var _ source.Dumper = (*SQLite)(nil)

// Dump writes a consistent copy of the file to w. db must be the source's path (the name
// ListDatabases gives it). The application may keep writing: VACUUM INTO copies one read
// transaction's snapshot into a temporary file in a private temporary directory, which is then
// streamed to w and removed. VACUUM INTO also drops free pages, so the copy may be smaller
// than the file.
func (s *SQLite) Dump(ctx context.Context, db string, w io.Writer) (source.DumpInfo, error) {
	info := source.DumpInfo{Format: Format}
	op := "dump sqlite " + s.path
	if db != s.path {
		return info, connerr.Newf(connerr.Config, op, "dump the file the source is configured with",
			"database %q is not this source's file", db)
	}
	conn, err := s.open(ctx)
	if err != nil {
		return info, err
	}
	defer conn.Close()
	var version string
	if err := conn.QueryRowContext(ctx, "SELECT sqlite_version()").Scan(&version); err != nil {
		return info, s.classify(ctx, err)
	}
	info.ServerVersion = "SQLite " + version

	dir, err := os.MkdirTemp("", "dbackup-sqlite-")
	if err != nil {
		return info, fmt.Errorf("%s: %w", op, err)
	}
	defer os.RemoveAll(dir)
	snapshot := filepath.Join(dir, "snapshot.db")
	if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", snapshot); err != nil {
		return info, s.classify(ctx, fmt.Errorf("vacuum into a snapshot: %w", err))
	}
	_ = conn.Close() // the snapshot is taken; release the file before the slow part

	f, err := os.Open(snapshot)
	if err != nil {
		return info, fmt.Errorf("%s: %w", op, err)
	}
	defer f.Close()
	if err := copyContext(ctx, w, f); err != nil {
		return info, source.Classify(ctx, op, err, nil)
	}
	return info, nil
}

// copyContext copies src to dst in chunks, stopping when ctx is done.
func copyContext(ctx context.Context, dst io.Writer, src io.Reader) error {
	buf := make([]byte, copyChunk)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := io.ReadFull(src, buf)
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return fmt.Errorf("write: %w", werr)
			}
		}
		switch err {
		case nil:
		case io.EOF, io.ErrUnexpectedEOF:
			return nil
		default:
			return fmt.Errorf("read: %w", err)
		}
	}
}
