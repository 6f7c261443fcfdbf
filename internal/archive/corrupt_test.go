package archive

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/stretchr/testify/require"
)

// corruptDBs is the archive the corruption tests damage: small segments, so that dumps have
// several parts.
var corruptDBs = []testDB{
	{name: "app", data: pattern(250, 1)},
	{name: "empty", data: nil},
	{name: "logs", data: pattern(100, 2)},
}

const corruptSegment = 100

func TestCorruption(t *testing.T) {
	valid := build(t, corruptSegment, 0, corruptDBs...)
	// Entries: app parts 1-3 (0-2), empty part 1 (3), logs part 1 (4), manifest (5).
	require.Len(t, entries(t, valid), 6)
	edit := func(f func(es []tarEntry) []tarEntry) []byte {
		return pack(t, f(entries(t, valid)))
	}
	editManifest := func(old, new string) []byte {
		return edit(func(es []tarEntry) []tarEntry {
			m := &es[len(es)-1]
			require.Contains(t, string(m.data), old)
			m.data = bytes.Replace(m.data, []byte(old), []byte(new), 1)
			return es
		})
	}
	sha := func(i int) string { _, m, err := readAll(valid); require.NoError(t, err); return m.Databases[i].SHA256 }

	tests := []struct {
		name    string
		archive []byte
		want    error
	}{
		{"missing middle part", edit(func(es []tarEntry) []tarEntry { return append(es[:1], es[2:]...) }), ErrCorrupt},
		{"missing last part", edit(func(es []tarEntry) []tarEntry { return append(es[:2], es[3:]...) }), ErrCorrupt},
		{"missing first part", edit(func(es []tarEntry) []tarEntry { return es[1:] }), ErrCorrupt},
		{"missing database", edit(func(es []tarEntry) []tarEntry { return append(es[:3], es[4:]...) }), ErrCorrupt},
		{"reordered parts", edit(func(es []tarEntry) []tarEntry { es[0], es[1] = es[1], es[0]; return es }), ErrCorrupt},
		{"swapped part contents", edit(func(es []tarEntry) []tarEntry { es[0].data, es[1].data = es[1].data, es[0].data; return es }), ErrCorrupt},
		{"reordered databases", edit(func(es []tarEntry) []tarEntry { es[3], es[4] = es[4], es[3]; return es }), ErrCorrupt},
		{"changed byte", edit(func(es []tarEntry) []tarEntry { es[1].data[7] ^= 1; return es }), ErrCorrupt},
		{"shorter part", edit(func(es []tarEntry) []tarEntry { es[2].data = es[2].data[1:]; return es }), ErrCorrupt},
		{"missing manifest", edit(func(es []tarEntry) []tarEntry { return es[:5] }), ErrCorrupt},
		{"manifest first", edit(func(es []tarEntry) []tarEntry { return append(es[5:], es[:5]...) }), ErrCorrupt},
		{"entry after manifest", edit(func(es []tarEntry) []tarEntry { return append(es, es[4]) }), ErrCorrupt},
		{"extra file", edit(func(es []tarEntry) []tarEntry {
			return append([]tarEntry{{hdr: tar.Header{Name: "README", Typeflag: tar.TypeReg}, data: []byte("hi")}}, es...)
		}), ErrCorrupt},
		{"extra file in folder", edit(func(es []tarEntry) []tarEntry {
			x := es[0]
			x.hdr.Name = "databases/000-app/notes.txt"
			return append(es[:1], append([]tarEntry{x}, es[1:]...)...)
		}), ErrCorrupt},
		{"directory entry", edit(func(es []tarEntry) []tarEntry {
			return append([]tarEntry{{hdr: tar.Header{Name: "databases/", Typeflag: tar.TypeDir}}}, es...)
		}), ErrCorrupt},
		{"symlink part", edit(func(es []tarEntry) []tarEntry {
			es[4] = tarEntry{hdr: tar.Header{Name: es[4].hdr.Name, Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd"}}
			return es
		}), ErrCorrupt},
		{"part too large", edit(func(es []tarEntry) []tarEntry { es[4].data = make([]byte, SegmentSize+1); return es }), ErrCorrupt},
		{"part number gap", edit(func(es []tarEntry) []tarEntry { es[2].hdr.Name = "databases/000-app/part-000004"; return es }), ErrCorrupt},
		{"part number 0", edit(func(es []tarEntry) []tarEntry { es[3].hdr.Name = "databases/001-empty/part-000000"; return es }), ErrCorrupt},
		{"index gap", edit(func(es []tarEntry) []tarEntry { es[4].hdr.Name = "databases/003-logs/part-000001"; return es }), ErrCorrupt},
		{"renamed folder", edit(func(es []tarEntry) []tarEntry { es[4].hdr.Name = "databases/002-log/part-000001"; return es }), ErrCorrupt},
		{"manifest sha mismatch", editManifest(sha(0), sha(2)), ErrCorrupt},
		{"manifest size mismatch", editManifest(`"size": 100`, `"size": 101`), ErrCorrupt},
		{"manifest parts mismatch", editManifest(`"parts": 3`, `"parts": 2`), ErrCorrupt},
		{"manifest name mismatch", editManifest(`"database": "logs"`, `"database": "log"`), ErrCorrupt},
		{"manifest path mismatch", editManifest(`"path": "databases/002-logs/"`, `"path": "databases/002-logs"`), ErrCorrupt},
		{"manifest duplicate name", editManifest(`"database": "logs"`, `"database": "app"`), ErrCorrupt},
		{"manifest missing database", editManifest(`"createdAt": "2026-03-04T05:06:07Z"`, `"createdAt": "2026-03-04T05:06:07Z", "databases": []`), ErrCorrupt},
		{"manifest not JSON", editManifest(`{`, `[`), ErrCorrupt},
		{"manifest trailing data", edit(func(es []tarEntry) []tarEntry {
			es[5].data = append(es[5].data, "{}"...)
			return es
		}), ErrCorrupt},
		{"manifest too large", edit(func(es []tarEntry) []tarEntry {
			es[5].data = append(es[5].data, bytes.Repeat([]byte(" "), MaxManifestSize)...)
			return es
		}), ErrCorrupt},
		{"manifest version", editManifest(`"version": 1`, `"version": 2`), ErrUnsupportedVersion},
		{"trailer missing", valid[:len(valid)-2*blockSize], ErrCorrupt},
		{"half a trailer", valid[:len(valid)-blockSize], ErrCorrupt},
		{"empty input", nil, ErrCorrupt},
		{"not a tar", []byte("PGDMP this is a plain dump, not an archive"), ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readAll(tt.archive)
			require.ErrorIs(t, err, tt.want)
			t.Log(err)
		})
	}
}

// TestTruncated cuts the archive at every block boundary and in the middle of blocks: each cut
// is reported as ErrCorrupt, however far reading gets.
func TestTruncated(t *testing.T) {
	valid := build(t, corruptSegment, 0, corruptDBs...)
	for cut := 0; cut < len(valid); cut += blockSize / 2 {
		t.Run(fmt.Sprint(cut), func(t *testing.T) {
			_, _, err := readAll(valid[:cut])
			require.ErrorIs(t, err, ErrCorrupt)
		})
	}
}

// TestErrorsAreSticky checks that after an error every later call returns it.
func TestErrorsAreSticky(t *testing.T) {
	valid := build(t, corruptSegment, 0, corruptDBs...)
	r := NewReader(bytes.NewReader(valid[:3*blockSize]))
	_, dr, err := r.Next()
	require.NoError(t, err)
	_, err = io.ReadAll(dr)
	require.ErrorIs(t, err, ErrCorrupt)
	_, _, err2 := r.Next()
	require.Equal(t, err, err2)
	_, err2 = r.Manifest()
	require.Equal(t, err, err2)
}

// TestIOErrorIsNotCorruption checks that a failing source is reported as itself.
func TestIOErrorIsNotCorruption(t *testing.T) {
	valid := build(t, corruptSegment, 0, corruptDBs...)
	boom := errors.New("connection reset")
	r := NewReader(io.MultiReader(bytes.NewReader(valid[:3*blockSize]), &failReader{boom}))
	_, dr, err := r.Next()
	require.NoError(t, err)
	_, err = io.ReadAll(dr)
	require.ErrorIs(t, err, boom)
	require.NotErrorIs(t, err, ErrCorrupt)
}

type failReader struct{ err error }

func (f *failReader) Read([]byte) (int, error) { return 0, f.err }

func TestManifestBeforeEnd(t *testing.T) {
	r := NewReader(bytes.NewReader(build(t, 0, 0, testDB{name: "a"})))
	_, err := r.Manifest()
	require.Error(t, err)
}
