package legacy

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// ManifestName is the entry of a seed multi-database tar that lists its databases.
const ManifestName = "manifest.json"

// maxManifestSize caps manifest.json, which is a few KiB in practice.
const maxManifestSize = 2 << 20

// IsTar reports whether head, the first bytes of a decompressed stream (at least 262), starts a
// tar archive: "ustar" at offset 257, as POSIX and GNU tar write.
func IsTar(head []byte) bool {
	return len(head) >= 262 && string(head[257:262]) == "ustar"
}

// Manifest is a seed tar's manifest.json. The seed wrote {"version":1,"createdAt",
// "sourceType","engineVersion","databases":[{"name","filename","size","format"}],"totalSize"};
// names of the fields are read liberally (see ArchiveReader).
type Manifest struct {
	Version    int
	SourceType string
	Databases  []Database
	Raw        map[string]any
}

// Database is one database of a seed tar.
type Database struct {
	// Name is the database's name; the entry's file name when the manifest does not list it.
	Name string
	// File is the tar entry holding its dump.
	File   string
	Format string
	// Size is the size the manifest states, or -1.
	Size int64
}

// ArchiveReader reads a seed multi-database tar: plain tar entries, one regular file per
// database dump, and a manifest.json, first (as the seed wrote it) or anywhere else. Directory
// entries and pax/GNU metadata are skipped; a leading "./" is ignored. Each database entry is
// returned by Next as it comes; when Next returns io.EOF the archive has been checked: a
// manifest is present, every file it lists was found exactly once with the stated size, and no
// entry has an unsafe name (absolute or with ".."). Everything else is ErrCorrupt.
type ArchiveReader struct {
	tr       *tar.Reader
	manifest *Manifest
	seen     map[string]int64 // entry name → size
	order    []Database       // entries returned, in order
	done     bool
	err      error
}

// NewArchiveReader reads the tar in r.
func NewArchiveReader(r io.Reader) *ArchiveReader {
	return &ArchiveReader{tr: tar.NewReader(r), seen: map[string]int64{}}
}

// Next returns the next database and a reader of its dump, valid until the next call.
func (a *ArchiveReader) Next() (Database, io.Reader, error) {
	if a.err != nil {
		return Database{}, nil, a.err
	}
	if a.done {
		return Database{}, nil, io.EOF
	}
	for {
		hdr, err := a.tr.Next()
		if err == io.EOF {
			if err := a.finish(); err != nil {
				return Database{}, nil, a.fail(err)
			}
			a.done = true
			return Database{}, nil, io.EOF
		}
		if err != nil {
			return Database{}, nil, a.fail(fmt.Errorf("legacy: read tar: %v: %w", err, ErrCorrupt))
		}
		name := strings.TrimPrefix(hdr.Name, "./")
		switch hdr.Typeflag {
		case tar.TypeDir:
			continue
		case tar.TypeReg:
		default:
			return Database{}, nil, a.fail(fmt.Errorf("legacy: entry %q is not a regular file: %w", hdr.Name, ErrCorrupt))
		}
		if !safeName(name) {
			return Database{}, nil, a.fail(fmt.Errorf("legacy: unsafe entry name %q: %w", hdr.Name, ErrCorrupt))
		}
		if _, dup := a.seen[name]; dup {
			return Database{}, nil, a.fail(fmt.Errorf("legacy: entry %q appears twice: %w", name, ErrCorrupt))
		}
		a.seen[name] = hdr.Size
		if name == ManifestName {
			if err := a.readManifest(hdr.Size); err != nil {
				return Database{}, nil, a.fail(err)
			}
			continue
		}
		db := Database{Name: name, File: name, Size: hdr.Size}
		if a.manifest != nil {
			listed, ok := a.manifest.lookup(name)
			if !ok {
				return Database{}, nil, a.fail(fmt.Errorf("legacy: entry %q is not in %s: %w", name, ManifestName, ErrCorrupt))
			}
			db.Name, db.Format = listed.Name, listed.Format
		}
		a.order = append(a.order, db)
		return db, a.tr, nil
	}
}

// Manifest returns the manifest once Next has returned io.EOF.
func (a *ArchiveReader) Manifest() (*Manifest, error) {
	if !a.done {
		return nil, errors.New("legacy: manifest read before the end of the archive")
	}
	return a.manifest, nil
}

func (a *ArchiveReader) fail(err error) error {
	a.err = err
	return err
}

func (a *ArchiveReader) readManifest(size int64) error {
	if size > maxManifestSize {
		return fmt.Errorf("legacy: %s is %d bytes: %w", ManifestName, size, ErrCorrupt)
	}
	b, err := io.ReadAll(a.tr)
	if err != nil {
		return fmt.Errorf("legacy: read %s: %v: %w", ManifestName, err, ErrCorrupt)
	}
	m, err := ParseManifest(b)
	if err != nil {
		return err
	}
	for _, d := range a.order { // entries before the manifest must be listed too
		if _, ok := m.lookup(d.File); !ok {
			return fmt.Errorf("legacy: entry %q is not in %s: %w", d.File, ManifestName, ErrCorrupt)
		}
	}
	a.manifest = m
	return nil
}

// finish checks the archive against its manifest at the end.
func (a *ArchiveReader) finish() error {
	if a.manifest == nil {
		return fmt.Errorf("legacy: no %s: %w", ManifestName, ErrCorrupt)
	}
	for _, d := range a.manifest.Databases {
		size, ok := a.seen[d.File]
		switch {
		case !ok:
			return fmt.Errorf("legacy: %s lists %q, which is missing: %w", ManifestName, d.File, ErrCorrupt)
		case d.Size >= 0 && d.Size != size:
			return fmt.Errorf("legacy: %q is %d bytes, %s says %d: %w", d.File, size, ManifestName, d.Size, ErrCorrupt)
		}
	}
	for i, d := range a.order {
		listed, _ := a.manifest.lookup(d.File)
		a.order[i].Name, a.order[i].Format = listed.Name, listed.Format
	}
	return nil
}

func (m *Manifest) lookup(file string) (Database, bool) {
	for _, d := range m.Databases {
		if d.File == file {
			return d, true
		}
	}
	return Database{}, false
}

// ParseManifest reads a seed manifest.json. "databases" entries may name the database as
// "name", "database" or "dbName" and its entry as "filename", "file", "fileName" or "path"; an
// entry without a file name is refused, a missing name is the file name. version, when present,
// must be 1.
func ParseManifest(b []byte) (*Manifest, error) {
	var raw map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil || raw == nil {
		return nil, fmt.Errorf("legacy: %s is not a JSON object: %w", ManifestName, ErrCorrupt)
	}
	m := &Manifest{Version: 1, Raw: raw}
	if v, ok := raw["version"].(json.Number); ok {
		if n, err := v.Int64(); err != nil || n != 1 {
			return nil, fmt.Errorf("legacy: %s version %s, want 1: %w", ManifestName, v, ErrCorrupt)
		}
	}
	m.SourceType, _ = raw["sourceType"].(string)
	list, _ := raw["databases"].([]any)
	for i, e := range list {
		o, _ := e.(map[string]any)
		str := func(keys ...string) string {
			for _, k := range keys {
				if s, ok := o[k].(string); ok && s != "" {
					return s
				}
			}
			return ""
		}
		d := Database{File: strings.TrimPrefix(str("filename", "file", "fileName", "path"), "./"), Size: -1}
		if d.File == "" || !safeName(d.File) {
			return nil, fmt.Errorf("legacy: %s: database %d has no valid file name: %w", ManifestName, i, ErrCorrupt)
		}
		d.Name = str("name", "database", "dbName")
		if d.Name == "" {
			d.Name = d.File
		}
		d.Format = str("format")
		if n, ok := o["size"].(json.Number); ok {
			if v, err := n.Int64(); err == nil && v >= 0 {
				d.Size = v
			}
		}
		if _, dup := m.lookup(d.File); dup {
			return nil, fmt.Errorf("legacy: %s lists %q twice: %w", ManifestName, d.File, ErrCorrupt)
		}
		m.Databases = append(m.Databases, d)
	}
	return m, nil
}

// safeName reports whether an entry name stays inside the folder it is extracted into.
func safeName(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, "\\") {
		return false
	}
	return path.Clean(name) == name && name != ".." && !strings.HasPrefix(name, "../")
}
