package mongodb

import (
	"errors"
	"fmt"
	"io"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// The collection types of listCollections that an archive records.
const (
	typeCollection = "collection"
	typeView       = "view"
	typeTimeseries = "timeseries"
)

// archiveReader reads an archive and checks its frames' order: one header, then each collection's
// metadata followed by its documents (none for a view), then one end frame whose counts match,
// then the end of the input.
type archiveReader struct {
	fr          *frameReader
	header      header
	started     bool
	current     *collectionMeta
	collections int64
	documents   int64
	done        bool
}

func newArchiveReader(r io.Reader) *archiveReader { return &archiveReader{fr: newFrameReader(r)} }

// readHeader reads the header frame and checks its format. It must be called first.
func (ar *archiveReader) readHeader() (header, error) {
	kind, doc, err := ar.fr.next()
	if err == io.EOF {
		return header{}, fmt.Errorf("%w: empty input", ErrArchive)
	}
	if err != nil {
		return header{}, err
	}
	if kind != kindHeader {
		return header{}, fmt.Errorf("%w: the first frame is %q, not a header", ErrArchive, kind)
	}
	if err := bson.Unmarshal(doc, &ar.header); err != nil {
		return header{}, fmt.Errorf("%w: header: %w", ErrArchive, err)
	}
	if ar.header.Format != Format {
		return header{}, fmt.Errorf("%w: header names format %q, not %q", ErrArchive, ar.header.Format, Format)
	}
	ar.started = true
	return ar.header, nil
}

// next returns the next collection (meta set) or document (doc set) of the collection last
// returned. After the end frame, whose counts it checks, and the end of the input it returns
// io.EOF; an input that ends anywhere else is ErrArchive.
func (ar *archiveReader) next() (meta *collectionMeta, doc bson.Raw, err error) {
	if !ar.started {
		return nil, nil, errors.New("archive reader: readHeader was not called")
	}
	if ar.done {
		return nil, nil, io.EOF
	}
	kind, raw, err := ar.fr.next()
	if err == io.EOF {
		return nil, nil, fmt.Errorf("%w: no end frame after %d collections and %d documents: the archive was cut short",
			ErrArchive, ar.collections, ar.documents)
	}
	if err != nil {
		return nil, nil, err
	}
	switch kind {
	case kindHeader:
		return nil, nil, fmt.Errorf("%w: a second header", ErrArchive)
	case kindCollection:
		m, err := decodeMeta(raw)
		if err != nil {
			return nil, nil, err
		}
		ar.current = m
		ar.collections++
		return m, nil, nil
	case kindDocument:
		if ar.current == nil {
			return nil, nil, fmt.Errorf("%w: a document before the first collection", ErrArchive)
		}
		if ar.current.Type == typeView {
			return nil, nil, fmt.Errorf("%w: a document in view %q", ErrArchive, ar.current.Collection)
		}
		ar.documents++
		return nil, raw, nil
	default: // kindEnd; frameReader knows no other kind
		var t trailer
		if err := bson.Unmarshal(raw, &t); err != nil {
			return nil, nil, fmt.Errorf("%w: end frame: %w", ErrArchive, err)
		}
		if !t.End || t.Collections != ar.collections || t.Documents != ar.documents {
			return nil, nil, fmt.Errorf("%w: the end frame counts %d collections and %d documents, the archive holds %d and %d",
				ErrArchive, t.Collections, t.Documents, ar.collections, ar.documents)
		}
		if _, _, err := ar.fr.next(); err != io.EOF {
			if err == nil {
				err = fmt.Errorf("%w: data after the end frame", ErrArchive)
			}
			return nil, nil, err
		}
		ar.done = true
		return nil, nil, io.EOF
	}
}

// decodeMeta decodes and checks a collection frame.
func decodeMeta(raw bson.Raw) (*collectionMeta, error) {
	var m collectionMeta
	if err := bson.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("%w: collection frame: %w", ErrArchive, err)
	}
	switch {
	case !validCollection(m.Collection):
		return nil, fmt.Errorf("%w: invalid collection name %q", ErrArchive, m.Collection)
	case m.Type != typeCollection && m.Type != typeView && m.Type != typeTimeseries:
		return nil, fmt.Errorf("%w: collection %q has unknown type %q", ErrArchive, m.Collection, m.Type)
	}
	return &m, nil
}
