package mongodb

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Format is the format of the dumps: DBackup's own archive of length-prefixed BSON frames,
// described byte by byte in docs/mongodb-archive.md.
const Format = "dbackup-mongo-v1"

// The frame kinds: each frame is one kind byte followed by one BSON document.
const (
	kindHeader     byte = 'H' // first frame: {format, database, serverVersion, consistent}
	kindCollection byte = 'C' // starts a collection or view: {collection, type, options, indexes}
	kindDocument   byte = 'D' // one document of the collection last started, as stored
	kindEnd        byte = 'E' // last frame: {end: true, collections, documents}
)

const (
	// maxDocumentBytes is MongoDB's limit on a stored document (maxBsonObjectSize).
	maxDocumentBytes = 16 << 20
	// maxFrameBytes bounds a frame's document: a stored document, or a collection's metadata,
	// whose options (a validator, a view's pipeline) and index list share the document limit,
	// plus the slack the server itself allows internal documents (BSONObjMaxInternalSize).
	maxFrameBytes = maxDocumentBytes + 16<<10
	// minFrameBytes is the smallest BSON document: the length and the terminating zero.
	minFrameBytes = 5
	// readChunk is how much of a frame is allocated before its bytes arrive, so that a
	// corrupt length cannot make the reader allocate 16 MiB for a short input.
	readChunk = 64 << 10
)

// ErrArchive is returned, wrapped, when a backup is not an intact archive in Format: an unknown
// frame, a frame out of order, too large or cut short, or a missing end frame.
var ErrArchive = errors.New("malformed mongodb archive")

// header is the first frame.
type header struct {
	Format        string `bson:"format"`
	Database      string `bson:"database"`
	ServerVersion string `bson:"serverVersion"`
	// Consistent says whether every collection was read from one snapshot.
	Consistent bool `bson:"consistent"`
}

// collectionMeta starts a collection. Options are listCollections' options as they are, which
// are also the fields of the create command that recreates the collection or view; Indexes are
// listIndexes' specifications, without the _id index.
type collectionMeta struct {
	Collection string     `bson:"collection"`
	Type       string     `bson:"type"`
	Options    bson.Raw   `bson:"options"`
	Indexes    []bson.Raw `bson:"indexes"`
}

// trailer is the last frame. Its counts let a restore tell a whole archive from a cut one.
type trailer struct {
	End         bool  `bson:"end"`
	Collections int64 `bson:"collections"`
	Documents   int64 `bson:"documents"`
}

// frameWriter writes frames to a buffered writer; Flush must be called at the end.
type frameWriter struct {
	w *bufio.Writer
}

// writeRaw writes a frame of kind holding doc, which must be a valid BSON document.
func (fw *frameWriter) writeRaw(kind byte, doc bson.Raw) error {
	if err := fw.w.WriteByte(kind); err != nil {
		return err
	}
	_, err := fw.w.Write(doc)
	return err
}

// write marshals v into a frame of kind.
func (fw *frameWriter) write(kind byte, v any) error {
	doc, err := bson.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode frame %q: %w", kind, err)
	}
	return fw.writeRaw(kind, doc)
}

// frameReader reads frames, checking each one's framing and BSON, but not their order.
type frameReader struct {
	r   *bufio.Reader
	off int64 // offset of the next frame, for error messages
}

func newFrameReader(r io.Reader) *frameReader { return &frameReader{r: bufio.NewReader(r)} }

// next returns the next frame's kind and document, which the caller owns. At the clean end of
// the input, between frames, it returns io.EOF; every other failure wraps ErrArchive or is the
// reader's own error.
func (fr *frameReader) next() (byte, bson.Raw, error) {
	kind, err := fr.r.ReadByte()
	if err == io.EOF {
		return 0, nil, io.EOF
	}
	if err != nil {
		return 0, nil, err
	}
	switch kind {
	case kindHeader, kindCollection, kindDocument, kindEnd:
	default:
		return 0, nil, fmt.Errorf("%w: unknown frame kind 0x%02x at offset %d", ErrArchive, kind, fr.off)
	}
	var size [4]byte
	if _, err := io.ReadFull(fr.r, size[:]); err != nil {
		return 0, nil, fr.cut(err)
	}
	n := int64(int32(binary.LittleEndian.Uint32(size[:])))
	if n < minFrameBytes || n > maxFrameBytes {
		return 0, nil, fmt.Errorf("%w: frame %q at offset %d declares %d bytes, outside %d..%d",
			ErrArchive, kind, fr.off, n, minFrameBytes, maxFrameBytes)
	}
	doc := append(make([]byte, 0, min(n, readChunk)), size[:]...)
	for int64(len(doc)) < n {
		if len(doc) == cap(doc) {
			doc = slices.Grow(doc, int(min(n, 2*int64(cap(doc))))-len(doc))
		}
		m, err := io.ReadFull(fr.r, doc[len(doc):min(n, int64(cap(doc)))])
		doc = doc[:len(doc)+m]
		if err != nil {
			return 0, nil, fr.cut(err)
		}
	}
	if err := bson.Raw(doc).Validate(); err != nil {
		return 0, nil, fmt.Errorf("%w: frame %q at offset %d: %w", ErrArchive, kind, fr.off, err)
	}
	fr.off += 1 + n
	return kind, doc, nil
}

// cut turns an end of input inside a frame into ErrArchive.
func (fr *frameReader) cut(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: cut short inside the frame at offset %d", ErrArchive, fr.off)
	}
	return err
}
