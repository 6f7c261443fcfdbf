package mongodb

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// archiveOf writes an archive of colls, each with its documents, as Dump would.
func archiveOf(t testing.TB, colls []collectionMeta, docs [][]bson.D) []byte {
	t.Helper()
	var buf bytes.Buffer
	fw := &frameWriter{w: bufio.NewWriter(&buf)}
	require.NoError(t, fw.write(kindHeader, header{Format: Format, Database: "app", ServerVersion: "MongoDB 7.0.0"}))
	tr := trailer{End: true}
	for i, meta := range colls {
		require.NoError(t, fw.write(kindCollection, meta))
		tr.Collections++
		for _, d := range docs[i] {
			require.NoError(t, fw.write(kindDocument, d))
			tr.Documents++
		}
	}
	require.NoError(t, fw.write(kindEnd, tr))
	require.NoError(t, fw.w.Flush())
	return buf.Bytes()
}

// sampleArchive holds every BSON type, a view and an empty collection.
func sampleArchive(t testing.TB) []byte {
	dec, err := bson.ParseDecimal128("12345.6789")
	require.NoError(t, err)
	idx, err := bson.Marshal(bson.D{{Key: "key", Value: bson.D{{Key: "email", Value: 1}}}, {Key: "name", Value: "email_1"}, {Key: "unique", Value: true}})
	require.NoError(t, err)
	opts, err := bson.Marshal(bson.D{{Key: "capped", Value: true}, {Key: "size", Value: int64(4096)}})
	require.NoError(t, err)
	view, err := bson.Marshal(bson.D{{Key: "viewOn", Value: "people"}, {Key: "pipeline", Value: bson.A{bson.D{{Key: "$match", Value: bson.D{}}}}}})
	require.NoError(t, err)
	colls := []collectionMeta{
		{Collection: "people", Type: typeCollection, Options: emptyDocument, Indexes: []bson.Raw{idx}},
		{Collection: "log", Type: typeCollection, Options: opts, Indexes: []bson.Raw{}},
		{Collection: "adults", Type: typeView, Options: view, Indexes: []bson.Raw{}},
	}
	people := []bson.D{
		{{Key: "_id", Value: bson.NewObjectID()}, {Key: "d", Value: dec}, {Key: "t", Value: bson.NewDateTimeFromTime(time.Unix(1, 0))},
			{Key: "b", Value: bson.Binary{Subtype: 4, Data: make([]byte, 16)}}, {Key: "a", Value: bson.A{1, "x", bson.D{{Key: "n", Value: nil}}}},
			{Key: "mk", Value: bson.MinKey{}}, {Key: "js", Value: bson.JavaScript("f()")}, {Key: "ts", Value: bson.Timestamp{T: 1, I: 2}}},
		{{Key: "_id", Value: 2}},
	}
	return archiveOf(t, colls, [][]bson.D{people, nil, nil})
}

// readAll reads an archive to its end, returning its collections and document count.
func readAll(r io.Reader) (header, []string, int, error) {
	ar := newArchiveReader(r)
	h, err := ar.readHeader()
	if err != nil {
		return h, nil, 0, err
	}
	var names []string
	docs := 0
	for {
		meta, doc, err := ar.next()
		switch {
		case err == io.EOF:
			return h, names, docs, nil
		case err != nil:
			return h, names, docs, err
		case meta != nil:
			names = append(names, meta.Collection)
		default:
			if doc == nil {
				panic("neither a collection nor a document")
			}
			docs++
		}
	}
}

func TestArchiveRoundTrip(t *testing.T) {
	h, names, docs, err := readAll(bytes.NewReader(sampleArchive(t)))
	require.NoError(t, err)
	require.Equal(t, header{Format: Format, Database: "app", ServerVersion: "MongoDB 7.0.0"}, h)
	require.Equal(t, []string{"people", "log", "adults"}, names)
	require.Equal(t, 2, docs)
}

// frame builds one frame of kind around v.
func frame(t *testing.T, kind byte, v any) []byte {
	doc, err := bson.Marshal(v)
	require.NoError(t, err)
	return append([]byte{kind}, doc...)
}

func TestArchiveRejects(t *testing.T) {
	good := sampleArchive(t)
	hdr := frame(t, kindHeader, header{Format: Format})
	meta := frame(t, kindCollection, collectionMeta{Collection: "c", Type: typeCollection, Options: emptyDocument})
	end := func(colls, docs int64) []byte {
		return frame(t, kindEnd, trailer{End: true, Collections: colls, Documents: docs})
	}
	doc := frame(t, kindDocument, bson.D{{Key: "_id", Value: 1}})
	join := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	huge := []byte{kindDocument, 0, 0, 0, 0}
	binary.LittleEndian.PutUint32(huge[1:], maxFrameBytes+1)
	negative := []byte{kindDocument, 0xff, 0xff, 0xff, 0xff}

	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"header only", hdr},
		{"cut in the last frame", good[:len(good)-1]},
		{"cut in a length", good[:len(hdr)+2]},
		{"cut after a document", join(hdr, meta, doc)},
		{"wrong format", join(frame(t, kindHeader, header{Format: "dbackup-mongo-v0"}), end(0, 0))},
		{"no header", join(meta, end(1, 0))},
		{"second header", join(hdr, hdr, end(0, 0))},
		{"document before a collection", join(hdr, doc, end(0, 1))},
		{"document in a view", join(hdr, frame(t, kindCollection, collectionMeta{Collection: "v", Type: typeView, Options: emptyDocument}), doc, end(1, 1))},
		{"system collection", join(hdr, frame(t, kindCollection, collectionMeta{Collection: "system.users", Type: typeCollection, Options: emptyDocument}), end(1, 0))},
		{"unknown type", join(hdr, frame(t, kindCollection, collectionMeta{Collection: "c", Type: "table", Options: emptyDocument}), end(1, 0))},
		{"wrong document count", join(hdr, meta, doc, end(1, 2))},
		{"wrong collection count", join(hdr, meta, end(2, 0))},
		{"data after the end", join(hdr, end(0, 0), hdr)},
		{"unknown kind", join(hdr, []byte{'X'}, doc[1:], end(0, 0))},
		{"frame over the limit", join(hdr, meta, huge)},
		{"negative length", join(hdr, meta, negative)},
		{"invalid BSON", join(hdr, meta, []byte{kindDocument, 6, 0, 0, 0, 0x7f, 0}, end(1, 1))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := readAll(bytes.NewReader(tt.in))
			require.ErrorIs(t, err, ErrArchive)
		})
	}
}

// TestArchiveBoundsAllocation checks that a frame declaring 16 MiB in a short input does not
// make the reader allocate 16 MiB.
func TestArchiveBoundsAllocation(t *testing.T) {
	in := frame(t, kindHeader, header{Format: Format})
	claim := []byte{kindCollection, 0, 0, 0, 0}
	binary.LittleEndian.PutUint32(claim[1:], maxFrameBytes)
	in = append(in, claim...)
	in = append(in, make([]byte, 100)...)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, _, err := readAll(bytes.NewReader(in))
	runtime.ReadMemStats(&after)
	require.ErrorIs(t, err, ErrArchive)
	require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<20))
}

// TestArchiveLargeFrame reads a document near the server's limit, which the reader grows into.
func TestArchiveLargeFrame(t *testing.T) {
	big := bson.D{{Key: "_id", Value: 1}, {Key: "b", Value: bson.Binary{Data: make([]byte, maxDocumentBytes-100)}}}
	meta := collectionMeta{Collection: "c", Type: typeCollection, Options: emptyDocument, Indexes: []bson.Raw{}}
	_, _, docs, err := readAll(bytes.NewReader(archiveOf(t, []collectionMeta{meta}, [][]bson.D{{big}})))
	require.NoError(t, err)
	require.Equal(t, 1, docs)
}

func FuzzArchiveReader(f *testing.F) {
	good := sampleArchive(f)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte{kindHeader, 5, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, in []byte) {
		_, _, _, err := readAll(bytes.NewReader(in))
		if bytes.Equal(in, good) {
			require.NoError(t, err)
		}
	})
}

// TestArchiveBytes pins the example of docs/mongodb-archive.md.
func TestArchiveBytes(t *testing.T) {
	const want = "486200000002666f726d61740011000000646261636b75702d6d6f6e676f2d7631000264617461626173650004000000617070000273657276657256657273696f6e000e0000004d6f6e676f444220372e302e300008636f6e73697374656e74000000" +
		"434800000002636f6c6c656374696f6e000200000063000274797065000b000000636f6c6c656374696f6e00036f7074696f6e7300050000000004696e646578657300050000000000" +
		"440e000000105f6964000100000000" +
		"453300000008656e64000112636f6c6c656374696f6e7300010000000000000012646f63756d656e747300010000000000000000"
	meta := collectionMeta{Collection: "c", Type: typeCollection, Options: emptyDocument, Indexes: []bson.Raw{}}
	got := archiveOf(t, []collectionMeta{meta}, [][]bson.D{{{{Key: "_id", Value: int32(1)}}}})
	require.Equal(t, want, hex.EncodeToString(got))
	require.Len(t, got, 239)
}
