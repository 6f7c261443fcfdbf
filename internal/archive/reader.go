package archive

import (
	"archive/tar"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
)

// blockSize is the size of a tar block: headers, padded data and the trailer are made of them.
const blockSize = 512

// Reader reads an archive written by a Writer, one database at a time, streaming each dump and
// checking the archive against its manifest at the end. A Reader is not safe for concurrent use.
//
// A dump's bytes are returned as they are read, before manifest.json (the last entry) is seen:
// only when Next returns io.EOF has the whole archive been checked. Authenticity comes from the
// encryption layer around the archive; the checks here catch archives that were damaged or put
// together wrongly.
type Reader struct {
	src  *errReader
	tr   *tar.Reader
	hdr  *tar.Header // the next entry, read but not yet consumed
	cur  *dumpReader // the database being read
	seen []Entry     // what was read, to compare with the manifest
	// manifestEnd is the offset of the end of manifest.json's data and padding. The tar
	// package accepts a stream that ends there, without the two zero blocks of the trailer;
	// the Reader does not, so that an archive cut short is always reported.
	manifestEnd int64
	manifest    Manifest
	done        bool  // io.EOF was returned and manifest is valid
	err         error // sticky error
}

// dumpReader reads one database's dump: its parts, one after the other.
type dumpReader struct {
	r     *Reader
	entry int // index in r.seen
	dir   string
	part  int // number of the part being read
	hash  hash.Hash
	size  int64
	eof   bool
}

// errReader remembers the error of the underlying reader, so that I/O errors can be told apart
// from archives the tar package rejects.
type errReader struct {
	r   io.Reader
	n   int64 // bytes read so far
	err error
}

func (e *errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	e.n += int64(n)
	if err != nil && err != io.EOF {
		e.err = err
	}
	return n, err
}

// NewReader returns a Reader of the archive in r.
func NewReader(r io.Reader) *Reader {
	src := &errReader{r: r}
	return &Reader{src: src, tr: tar.NewReader(src)}
}

// Next advances to the next database and returns its name and a reader of its whole dump (the
// parts concatenated, streamed). The name is the one in the entry names (see SafeName); the
// original name is checked against the manifest at the end. Whatever is left unread of the
// previous dump is read and discarded (it counts towards its checks).
//
// It returns io.EOF after the last database, at which point Manifest is valid and has been
// checked against what was read: every database's size, SHA-256 and parts count must match,
// names and order must match, no entries other than the documented ones, parts numbered
// consecutively from 1. A mismatch is an error wrapping ErrCorrupt naming the database or entry.
func (r *Reader) Next() (string, io.Reader, error) {
	if r.err != nil {
		return "", nil, r.err
	}
	if r.done {
		return "", nil, io.EOF
	}
	if r.cur != nil {
		if _, err := io.Copy(io.Discard, r.cur); err != nil {
			return "", nil, r.fail(err)
		}
		r.cur = nil
	}
	hdr, err := r.peek()
	if err == io.EOF {
		return "", nil, r.fail(fmt.Errorf("archive: no %s at the end: %w", manifestName, ErrCorrupt))
	}
	if err != nil {
		return "", nil, r.fail(err)
	}
	if hdr.Name == manifestName {
		if err := r.readManifest(); err != nil {
			return "", nil, r.fail(err)
		}
		r.done = true
		return "", nil, io.EOF
	}
	dir, index, part, ok := parsePart(hdr.Name)
	if !ok {
		return "", nil, r.fail(fmt.Errorf("archive: unexpected entry %q: %w", hdr.Name, ErrCorrupt))
	}
	if index != len(r.seen) || part != 1 {
		return "", nil, r.fail(fmt.Errorf("archive: entry %q where part 1 of database %03d was expected: %w",
			hdr.Name, len(r.seen), ErrCorrupt))
	}
	name := dir[len(dbDir)+4 : len(dir)-1]
	r.hdr = nil
	r.seen = append(r.seen, Entry{Path: dir})
	r.cur = &dumpReader{r: r, entry: len(r.seen) - 1, dir: dir, part: 1, hash: sha256.New()}
	return name, r.cur, nil
}

// Manifest returns the archive's manifest once Next has returned io.EOF.
func (r *Reader) Manifest() (Manifest, error) {
	if r.err != nil {
		return Manifest{}, r.err
	}
	if !r.done {
		return Manifest{}, errors.New("archive: manifest read before the end of the archive")
	}
	return r.manifest, nil
}

func (r *Reader) fail(err error) error {
	r.err = err
	return err
}

// peek returns the next entry's header without consuming it. It checks that the entry is a
// regular file of at most SegmentSize bytes (MaxManifestSize for manifest.json).
func (r *Reader) peek() (*tar.Header, error) {
	if r.hdr != nil {
		return r.hdr, nil
	}
	hdr, err := r.tr.Next()
	if err != nil {
		return nil, r.tarError("read entry", err)
	}
	limit := int64(SegmentSize)
	if hdr.Name == manifestName {
		limit = MaxManifestSize
		r.manifestEnd = r.src.n + (hdr.Size+blockSize-1)/blockSize*blockSize
	}
	switch {
	case hdr.Typeflag != tar.TypeReg:
		return nil, fmt.Errorf("archive: entry %q is not a regular file: %w", hdr.Name, ErrCorrupt)
	case hdr.Size > limit:
		return nil, fmt.Errorf("archive: entry %q is %d bytes, more than %d: %w", hdr.Name, hdr.Size, limit, ErrCorrupt)
	}
	r.hdr = hdr
	return hdr, nil
}

// tarError classifies an error of the tar reader: an I/O error of the underlying reader is
// returned wrapped, anything else (truncation, malformed headers) is corruption. io.EOF, the
// clean end of the tar stream, is returned as is.
func (r *Reader) tarError(op string, err error) error {
	switch {
	case err == io.EOF:
		return err
	case r.src.err != nil:
		return fmt.Errorf("archive: %s: %w", op, r.src.err)
	default:
		return fmt.Errorf("archive: %s: %v: %w", op, err, ErrCorrupt)
	}
}

// Read reads the current part, moving on to the next part of the same database at its end.
func (d *dumpReader) Read(p []byte) (int, error) {
	r := d.r
	if r.err != nil {
		return 0, r.err
	}
	if d.eof {
		return 0, io.EOF
	}
	for {
		n, err := r.tr.Read(p)
		if n > 0 {
			d.hash.Write(p[:n])
			d.size += int64(n)
		}
		if err == nil || n > 0 && err == io.EOF {
			return n, nil
		}
		if err != io.EOF {
			return 0, r.fail(r.tarError(fmt.Sprintf("read %s%s%06d", d.dir, partPrefix, d.part), err))
		}
		more, err := d.nextPart()
		if err != nil {
			return 0, r.fail(err)
		}
		if !more {
			return 0, io.EOF
		}
		if len(p) == 0 {
			return 0, nil
		}
	}
}

// nextPart moves to the next part of the dump, or reports the end of the dump when the next
// entry belongs to something else.
func (d *dumpReader) nextPart() (bool, error) {
	hdr, err := d.r.peek()
	if err != nil && err != io.EOF {
		return false, err
	}
	if err == nil {
		dir, _, part, ok := parsePart(hdr.Name)
		if ok && dir == d.dir {
			if part != d.part+1 {
				return false, fmt.Errorf("archive: entry %q where part %d was expected: %w",
					hdr.Name, d.part+1, ErrCorrupt)
			}
			d.part++
			d.r.hdr = nil
			return true, nil
		}
	}
	// The dump ends here; anything wrong with the next entry is found by Reader.Next.
	d.eof = true
	e := &d.r.seen[d.entry]
	e.Size, e.Parts, e.SHA256 = d.size, d.part, fmt.Sprintf("%x", d.hash.Sum(nil))
	return false, nil
}
