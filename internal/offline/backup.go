package offline

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dbackup/dbackup/internal/archive"
	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/dbackup/dbackup/internal/legacy"
	"github.com/dbackup/dbackup/internal/sidecar"
)

// Kind is how a backup object is encrypted.
type Kind int

const (
	// Plain is an unencrypted backup.
	Plain Kind = iota
	// Encrypted is a DBackup encrypted file (DBKENC, docs/backup-format.md).
	Encrypted
	// Legacy is a whole-file AES-256-GCM file written by the seed product.
	Legacy
)

func (k Kind) String() string {
	switch k {
	case Encrypted:
		return "encrypted"
	case Legacy:
		return "legacy-encrypted"
	}
	return "plain"
}

// Backup describes one stored backup object found on disk.
type Backup struct {
	// Path is the object's file; SidecarPath its sidecar, or "" when there is none.
	Path        string
	SidecarPath string
	// Sidecar is DBackup's sidecar, Legacy the seed's; at most one is set.
	Sidecar *sidecar.Sidecar
	Legacy  *legacy.Meta

	Kind      Kind
	Job       string
	Databases []string
	// Time is when the backup was made (the sidecar's finish time), or the file's mtime.
	Time time.Time
	// Size is the object's size on disk.
	Size int64
	// Compression is a compress.Algorithm name.
	Compression string
	// Archive is true for a DBackup multi-database archive (dbackup-tar-v1); LegacyArchive for a
	// seed multi-database tar.
	Archive       bool
	LegacyArchive bool
	// Engine is the source's engine when known.
	Engine string
	// KeyIDs are the key ids that open an Encrypted backup: the header's, then the extra wraps'.
	KeyIDs []string
	// ProfileID is the seed profile of a Legacy backup.
	ProfileID string
	// SHA256 is the expected lower-case hex digest of the object, or "" when unknown.
	SHA256 string
	// ExpectedSize is the size the sidecar records, or -1.
	ExpectedSize int64
}

// Inspect describes the object at path. It reads the sidecar next to it (path + ".meta.json")
// when there is one: DBackup's own first, else the seed's. Without a sidecar, it reads the
// object's first bytes (a DBKENC header names its key) and infers the compression from the name
// (.zst, .gz, .br); a name ending in ".enc" without a DBKENC header is a legacy file, which
// cannot be opened without its sidecar (ErrNoSidecar).
func Inspect(path string) (*Backup, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	b := &Backup{Path: path, Size: st.Size(), Time: st.ModTime(), ExpectedSize: -1}
	side := path + sidecar.Suffix
	data, err := readLimited(side, sidecar.MaxSize)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return b, b.inferFromFile()
	case err != nil:
		return nil, fmt.Errorf("read sidecar: %w", err)
	}
	b.SidecarPath = side
	sc, scErr := sidecar.Parse(data)
	if scErr == nil {
		return b, b.fromSidecar(&sc)
	}
	m, err := legacy.ParseMeta(data)
	if err != nil {
		if errors.Is(err, legacy.ErrMeta) {
			return nil, fmt.Errorf("sidecar %s: %w", side, err)
		}
		return nil, fmt.Errorf("sidecar %s: %w", side, scErr)
	}
	b.fromLegacy(m)
	return b, nil
}

func (b *Backup) fromSidecar(sc *sidecar.Sidecar) error {
	b.Sidecar = sc
	b.Job, b.Databases, b.Engine = sc.JobName, sc.Databases, sc.Engine
	if !sc.FinishedAt.IsZero() {
		b.Time = sc.FinishedAt
	}
	b.Compression, b.Archive = sc.Compression, sc.Format == archive.Format
	b.SHA256, b.ExpectedSize = sc.SHA256, sc.Size
	if sc.Encryption == nil {
		return nil
	}
	b.Kind = Encrypted
	h, err := readHeader(b.Path)
	if err != nil {
		return err
	}
	b.KeyIDs = append(b.KeyIDs, h.KeyID())
	for _, w := range sc.Encryption.Wraps {
		b.KeyIDs = append(b.KeyIDs, w.KeyID)
	}
	return nil
}

func (b *Backup) fromLegacy(m *legacy.Meta) {
	b.Legacy = m
	b.Job, b.Databases, b.Engine = m.JobName, m.Databases, m.SourceType
	if !m.CreatedAt.IsZero() {
		b.Time = m.CreatedAt
	}
	b.Compression = m.CompressionFor(b.Path)
	b.SHA256 = m.Checksum
	// The seed marked multi-database tars with "multiDb"; a name ending in ".tar" says so too.
	b.LegacyArchive = m.MultiDB || strings.HasSuffix(b.OutputName(), ".tar")
	if m.Encrypted {
		b.Kind, b.ProfileID = Legacy, m.ProfileID
	}
	// The seed's "size" was the dump's before compression in some versions: it is not checked.
}

// inferFromFile fills in what the object itself tells when there is no sidecar.
func (b *Backup) inferFromFile() error {
	h, err := readHeader(b.Path)
	switch {
	case err == nil:
		b.Kind = Encrypted
		b.KeyIDs = []string{h.KeyID()}
	case errors.Is(err, encfile.ErrNotEncrypted):
		if strings.HasSuffix(strings.ToLower(b.Path), ".enc") {
			return fmt.Errorf("%s: %w", b.Path, ErrNoSidecar)
		}
	default:
		return err
	}
	name := strings.TrimSuffix(filepath.Base(b.Path), ".enc")
	b.Compression = string(compress.None)
	for _, a := range []compress.Algorithm{compress.Zstd, compress.Gzip, compress.Brotli} {
		if strings.HasSuffix(name, a.Extension()) {
			b.Compression = string(a)
		}
	}
	b.Archive = strings.HasSuffix(strings.TrimSuffix(name, compress.Algorithm(b.Compression).Extension()), ".tar")
	return nil
}

func readHeader(path string) (encfile.Header, error) {
	f, err := os.Open(path)
	if err != nil {
		return encfile.Header{}, err
	}
	defer f.Close()
	h, err := encfile.ReadHeader(f)
	if err != nil {
		return encfile.Header{}, fmt.Errorf("%s: %w", path, err)
	}
	return h, nil
}

// OutputName is the name of the restored content: the object's base name without ".enc" and
// without the compression's extension ("app.dump.zst.enc" gives "app.dump").
func (b *Backup) OutputName() string {
	name := strings.TrimSuffix(filepath.Base(b.Path), ".enc")
	for _, ext := range []string{".zst", ".gz", ".br"} {
		if s, ok := strings.CutSuffix(name, ext); ok && s != "" {
			return s
		}
	}
	return name
}

// IsArchive reports whether the backup holds several databases (either archive format).
func (b *Backup) IsArchive() bool { return b.Archive || b.LegacyArchive }

// KeyAvailable reports whether keys can open the backup: a key for one of its key ids, or for a
// legacy file a key of its profile (or, when the sidecar names no profile, any key). A legacy
// key is only known to be right once the file verifies.
func (b *Backup) KeyAvailable(keys *Keyring) bool {
	switch b.Kind {
	case Encrypted:
		for _, kid := range b.KeyIDs {
			if keys.Has(kid) {
				return true
			}
		}
		return false
	case Legacy:
		return keys.HasProfile(b.ProfileID) || keys.Len() > 0 && (b.ProfileID == "" || !keys.anyProfile())
	}
	return true
}

// anyProfile reports whether some key knows its profile (that is, came from a kit).
func (kr *Keyring) anyProfile() bool {
	for _, k := range kr.keys {
		if k.ProfileID != "" {
			return true
		}
	}
	return false
}

// countingReader counts and hashes what is read through it, and stops when ctx is done.
type countingReader struct {
	r    io.Reader
	n    int64
	tick func(n int64)
	done func() error
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.done != nil {
		if err := c.done(); err != nil {
			return 0, err
		}
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.tick != nil && n > 0 {
		c.tick(int64(n))
	}
	return n, err
}
