package archive

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"time"
)

// Writer writes an archive: for each database, its dump cut into parts of SegmentSize bytes,
// then manifest.json. It holds one part in memory. A Writer is not safe for concurrent use.
type Writer struct {
	tw       *tar.Writer
	manifest Manifest
	segment  int              // SegmentSize; smaller in tests
	now      func() time.Time // time.Now; pinned in tests
	buf      []byte           // the part being filled, allocated once
	cur      *dumpWriter      // the database being written, nil before the first Create
	names    map[string]bool
	closed   bool
	err      error // sticky: once writing failed, the archive is unusable
}

// dumpWriter is the io.Writer of one database's dump.
type dumpWriter struct {
	w       *Writer
	entry   int // index in w.manifest.Databases
	folder  string
	hash    hash.Hash
	size    int64
	parts   int
	done    bool
	infoSet bool
}

// NewWriter returns a Writer of an archive of a source with the given engine (such as
// "postgres") to w. Nothing is written before the first part is complete or Close is called.
func NewWriter(w io.Writer, engine string) *Writer {
	return &Writer{
		tw:       tar.NewWriter(w),
		manifest: Manifest{Version: ManifestVersion, Engine: engine, Databases: []Entry{}},
		segment:  SegmentSize,
		now:      time.Now,
		names:    map[string]bool{},
	}
}

// Create starts the next database and returns a writer for its dump; the previous one ends.
// Names must be unique in the archive, non-empty, at most MaxNameLen bytes of UTF-8 text without
// control characters. Writes to the previous database's writer fail with ErrClosed from now on.
func (w *Writer) Create(database string) (io.Writer, error) {
	if err := w.usable(); err != nil {
		return nil, err
	}
	if database == "" {
		return nil, fmt.Errorf("archive: empty database name: %w", ErrLimit)
	}
	if err := checkText("archive: database name", database, MaxNameLen); err != nil {
		return nil, err
	}
	if w.names[database] {
		return nil, fmt.Errorf("archive: database %q added twice: %w", database, ErrLimit)
	}
	if len(w.manifest.Databases) == MaxDatabases {
		return nil, fmt.Errorf("archive: more than %d databases: %w", MaxDatabases, ErrLimit)
	}
	if err := w.finish(); err != nil {
		return nil, err
	}
	if w.buf == nil {
		w.buf = make([]byte, 0, w.segment)
	}
	index := len(w.manifest.Databases)
	w.names[database] = true
	w.cur = &dumpWriter{w: w, entry: index, folder: folder(index, database), hash: sha256.New()}
	w.manifest.Databases = append(w.manifest.Databases, Entry{Database: database, Path: w.cur.folder})
	return w.cur, nil
}

// SetInfo records the dump's format and versions for the current database (called after its
// dump ends). Each value must be at most MaxInfoLen bytes of UTF-8 text without control
// characters; otherwise, or without a current database, Close fails.
func (w *Writer) SetInfo(format, serverVersion, toolVersion string) {
	if w.usable() != nil {
		return
	}
	if w.cur == nil {
		w.err = errors.New("archive: SetInfo before Create")
		return
	}
	for _, v := range []struct{ what, s string }{
		{"dump format", format}, {"server version", serverVersion}, {"tool version", toolVersion},
	} {
		if err := checkText("archive: "+v.what, v.s, MaxInfoLen); err != nil {
			w.err = err
			return
		}
	}
	e := &w.manifest.Databases[w.cur.entry]
	e.Format, e.ServerVersion, e.ToolVersion = format, serverVersion, toolVersion
}

// Close flushes the last part, writes manifest.json (Size/SHA256/Parts computed by the writer)
// and the tar trailer. It does not close the underlying writer. Closing again returns nil.
func (w *Writer) Close() error {
	if w.closed && w.err == nil {
		return nil
	}
	if err := w.usable(); err != nil {
		return err
	}
	if err := w.finish(); err != nil {
		return err
	}
	w.closed = true
	w.manifest.CreatedAt = w.now().UTC().Truncate(time.Second)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(w.manifest); err != nil {
		return w.fail(fmt.Errorf("archive: encode manifest: %w", err))
	}
	if b.Len() > MaxManifestSize {
		return w.fail(fmt.Errorf("archive: manifest is %d bytes: %w", b.Len(), ErrLimit))
	}
	if err := w.writeEntry(manifestName, b.Bytes()); err != nil {
		return err
	}
	if err := w.tw.Close(); err != nil {
		return w.fail(fmt.Errorf("archive: write tar trailer: %w", err))
	}
	return nil
}

// Manifest returns a copy of the manifest as written by Close, for example to keep the list of
// databases in the backup's sidecar. Before a successful Close it is incomplete.
func (w *Writer) Manifest() Manifest {
	m := w.manifest
	m.Databases = append([]Entry{}, m.Databases...)
	return m
}

// usable returns the error that makes the Writer unusable, if any.
func (w *Writer) usable() error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return ErrClosed
	}
	return nil
}

func (w *Writer) fail(err error) error {
	w.err = err
	return err
}

// finish ends the current database: it writes the last part (an empty one if the dump was
// empty, so that every database has at least one part) and records the dump's size and digest.
func (w *Writer) finish() error {
	d := w.cur
	if d == nil || d.done {
		return nil
	}
	if len(w.buf) > 0 || d.parts == 0 {
		if err := d.flush(); err != nil {
			return err
		}
	}
	d.done = true
	e := &w.manifest.Databases[d.entry]
	e.Size, e.Parts, e.SHA256 = d.size, d.parts, hex.EncodeToString(d.hash.Sum(nil))
	return nil
}

// writeEntry writes one regular file entry. Headers are USTAR (a subset of POSIX pax) so that
// every tar implementation reads them; entry names longer than 100 bytes use its prefix field.
func (w *Writer) writeEntry(name string, data []byte) error {
	hdr := &tar.Header{
		Typeflag: tar.TypeReg,
		Name:     name,
		Size:     int64(len(data)),
		Mode:     0o644,
		ModTime:  w.now().UTC().Truncate(time.Second),
		Format:   tar.FormatUSTAR,
	}
	if err := w.tw.WriteHeader(hdr); err != nil {
		return w.fail(fmt.Errorf("archive: write header of %s: %w", name, err))
	}
	if _, err := w.tw.Write(data); err != nil {
		return w.fail(fmt.Errorf("archive: write %s: %w", name, err))
	}
	return nil
}

// Write buffers p, writing a part each time the buffer is full.
func (d *dumpWriter) Write(p []byte) (int, error) {
	w := d.w
	if d.done {
		return 0, ErrClosed
	}
	if err := w.usable(); err != nil {
		return 0, err
	}
	written := 0
	for len(p) > 0 {
		n := min(len(p), cap(w.buf)-len(w.buf))
		w.buf = append(w.buf, p[:n]...)
		d.hash.Write(p[:n])
		d.size += int64(n)
		written += n
		p = p[n:]
		if len(w.buf) == cap(w.buf) {
			if err := d.flush(); err != nil {
				return written, err
			}
		}
	}
	return written, nil
}

// flush writes the buffer as the next part.
func (d *dumpWriter) flush() error {
	w := d.w
	if d.parts == MaxParts {
		return w.fail(fmt.Errorf("archive: database %q needs more than %d parts: %w",
			w.manifest.Databases[d.entry].Database, MaxParts, ErrLimit))
	}
	d.parts++
	if err := w.writeEntry(partName(d.folder, d.parts), w.buf); err != nil {
		return err
	}
	w.buf = w.buf[:0]
	return nil
}
