package offline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dbackup/dbackup/internal/archive"
	"github.com/dbackup/dbackup/internal/legacy"
)

// partialInfix marks the temporary names outputs are written under; they are removed on failure.
const partialInfix = ".partial-"

// DecryptTo writes the backup's content (decrypted and decompressed) to the file out, which must
// not exist, and returns its size. It writes under a temporary name in out's folder and renames
// it into place only when every check passed; on failure nothing is left.
func DecryptTo(ctx context.Context, b *Backup, out string, opts Options) (n int64, err error) {
	if err := noneAt(out); err != nil {
		return 0, err
	}
	s, err := b.open(ctx, opts)
	if err != nil {
		return 0, err
	}
	defer func() { s.close(err) }()
	dir := filepath.Dir(out)
	if err = os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(out)+partialInfix+"*")
	if err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if n, err = io.Copy(tmp, s.z); err != nil {
		return 0, fmt.Errorf("%s: %w", b.Path, err)
	}
	if err = s.finish(); err != nil {
		return 0, fmt.Errorf("%s: %w", b.Path, err)
	}
	if err = tmp.Sync(); err != nil {
		return 0, err
	}
	if err = tmp.Close(); err != nil {
		return 0, err
	}
	if err = publish(tmp.Name(), out); err != nil {
		return 0, err
	}
	return n, nil
}

// noneAt fails with ErrExists when something is at path.
func noneAt(path string) error {
	_, err := os.Lstat(path)
	switch {
	case err == nil:
		return fmt.Errorf("%s: %w: move it away or choose another output", path, ErrExists)
	case errors.Is(err, fs.ErrNotExist):
		return nil
	}
	return err
}

// publish moves the finished file tmp to path without replacing anything that appeared there
// meanwhile: a hard link fails if path exists. File systems without hard links get a rename.
func publish(tmp, path string) error {
	if err := os.Link(tmp, path); err == nil {
		return os.Remove(tmp)
	} else if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s: %w: move it away or choose another output", path, ErrExists)
	}
	if err := noneAt(path); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Unpack extracts every database of a multi-database backup into a new folder under dir, named
// after the object (OutputName without ".tar"), and returns the files written. A DBackup archive
// gives one file per database, named after it (archive.SafeName) with the engine's extension;
// a seed tar keeps its entries' names. The folder is built under a temporary name and renamed
// into place only when the archive matched its manifest and every other check passed.
func Unpack(ctx context.Context, b *Backup, dir string, opts Options) (files []string, err error) {
	if !b.IsArchive() {
		return nil, fmt.Errorf("%s: %w", b.Path, ErrNotArchive)
	}
	final := filepath.Join(dir, strings.TrimSuffix(b.OutputName(), ".tar"))
	if err := noneAt(final); err != nil {
		return nil, err
	}
	s, err := b.open(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer func() { s.close(err) }()
	if err = os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(dir, "."+filepath.Base(final)+partialInfix+"*")
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	var rel []string
	if b.Archive {
		rel, err = extractArchive(s.z, tmp, engineExtension(b.Engine))
	} else {
		rel, err = extractLegacy(s.z, tmp)
	}
	if err == nil {
		_, err = io.Copy(io.Discard, s.z) // tar padding after the trailer, then the compressor's end
	}
	if err == nil {
		err = s.finish()
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", b.Path, err)
	}
	if err = noneAt(final); err != nil {
		return nil, err
	}
	if err = os.Rename(tmp, final); err != nil {
		return nil, err
	}
	for _, r := range rel {
		files = append(files, filepath.Join(final, r))
	}
	return files, nil
}

func extractArchive(r io.Reader, dir, ext string) ([]string, error) {
	ar := archive.NewReader(r)
	var files []string
	used := map[string]bool{}
	for i := 0; ; i++ {
		name, dump, err := ar.Next()
		if err == io.EOF {
			return files, nil
		}
		if err != nil {
			return nil, err
		}
		file := name + ext
		if used[file] {
			file = fmt.Sprintf("%03d-%s", i, file)
		}
		used[file] = true
		if err := writeFile(filepath.Join(dir, file), dump); err != nil {
			return nil, err
		}
		files = append(files, file)
	}
}

func extractLegacy(r io.Reader, dir string) ([]string, error) {
	ar := legacy.NewArchiveReader(r)
	var files []string
	for {
		db, dump, err := ar.Next()
		if err == io.EOF {
			return files, nil
		}
		if err != nil {
			return nil, err
		}
		file := filepath.FromSlash(db.File) // checked by the reader: relative, no ".."
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(file)), 0o755); err != nil {
			return nil, err
		}
		if err := writeFile(filepath.Join(dir, file), dump); err != nil {
			return nil, err
		}
		files = append(files, file)
	}
}

func writeFile(path string, r io.Reader) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// engineExtension is the file extension of one database's dump, as backups name them.
func engineExtension(engine string) string {
	switch engine {
	case "postgres":
		return ".dump"
	case "mysql", "mariadb":
		return ".sql"
	case "sqlite":
		return ".sqlite"
	case "mongodb":
		return ".mongo"
	case "redis":
		return ".rdb"
	}
	return ".bak"
}
