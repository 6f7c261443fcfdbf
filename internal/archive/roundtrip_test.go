package archive

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRoundTrip(t *testing.T) {
	sizes := []int{0, 1, SegmentSize - 1, SegmentSize, SegmentSize + 1, 3*SegmentSize + 12345}
	tests := []struct {
		name string
		dbs  []testDB
	}{
		{name: "no databases"},
		{name: "one empty", dbs: []testDB{{name: "app", data: nil}}},
		{name: "three", dbs: []testDB{
			{name: "app", data: pattern(1000, 1)},
			{name: "empty", data: nil},
			{name: "reports", data: pattern(SegmentSize+1, 2)},
		}},
	}
	for _, size := range sizes {
		tests = append(tests, struct {
			name string
			dbs  []testDB
		}{name: fmt.Sprintf("size %d", size), dbs: []testDB{{name: "app", data: pattern(size, 3)}}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, chunk := range []int{0, 1000, 1 << 20} {
				archive := build(t, 0, chunk, tt.dbs...)
				got, m, err := readAll(archive)
				require.NoError(t, err)
				require.Len(t, got, len(tt.dbs))
				require.Len(t, m.Databases, len(tt.dbs))
				require.Equal(t, ManifestVersion, m.Version)
				require.Equal(t, "postgres", m.Engine)
				require.Equal(t, fixedNow, m.CreatedAt)
				for i, db := range tt.dbs {
					require.Equal(t, db.name, got[i].name)
					require.True(t, bytes.Equal(db.data, got[i].data), "dump %q differs", db.name)
					sum := sha256.Sum256(db.data)
					require.Equal(t, Entry{
						Database: db.name, Path: fmt.Sprintf("databases/%03d-%s/", i, db.name),
						Format: "pg_dump-custom", ServerVersion: "17.2", ToolVersion: "17.4",
						Size: int64(len(db.data)), SHA256: hex.EncodeToString(sum[:]),
						Parts: max(1, (len(db.data)+SegmentSize-1)/SegmentSize),
					}, m.Databases[i])
				}
			}
		})
	}
}

// TestEmptyDumpIsOneEmptyPart pins the representation of an empty dump: one part of 0 bytes,
// so that the folder exists and `cat part-*` works after extraction.
func TestEmptyDumpIsOneEmptyPart(t *testing.T) {
	archive := build(t, 0, 0, testDB{name: "empty"})
	require.Equal(t, []string{"databases/000-empty/part-000001", "manifest.json"}, entryNames(t, archive))
	require.Equal(t, int64(0), entrySizes(t, archive)[0])
}

func TestPartialReadThenNext(t *testing.T) {
	dbs := []testDB{
		{name: "a", data: pattern(10_000, 1)},
		{name: "b", data: pattern(5, 2)},
		{name: "c", data: pattern(777, 3)},
		{name: "d", data: pattern(3000, 4)},
	}
	archive := build(t, 1000, 0, dbs...) // several parts each
	for _, read := range []int{0, 1, 999, 1000, 1001, 9999} {
		t.Run(fmt.Sprint(read), func(t *testing.T) {
			r := NewReader(bytes.NewReader(archive))
			for _, db := range dbs {
				name, dr, err := r.Next()
				require.NoError(t, err)
				require.Equal(t, db.name, name)
				n := min(read, len(db.data))
				head := make([]byte, n)
				_, err = io.ReadFull(dr, head)
				require.NoError(t, err)
				require.Equal(t, db.data[:n], head)
			}
			_, _, err := r.Next()
			require.Equal(t, io.EOF, err)
			m, err := r.Manifest()
			require.NoError(t, err)
			require.Len(t, m.Databases, len(dbs))
			_, _, err = r.Next()
			require.Equal(t, io.EOF, err, "Next stays at the end")
		})
	}
}

func TestEntryNames(t *testing.T) {
	long := "x" + string(bytes.Repeat([]byte("é"), 120))
	archive := build(t, 4, 0,
		testDB{name: "app", data: pattern(9, 1)},
		testDB{name: "my db/ü", data: pattern(4, 2)},
		testDB{name: long, data: nil},
	)
	longSafe := "x" + string(bytes.Repeat([]byte("_"), 99))
	require.Equal(t, []string{
		"databases/000-app/part-000001",
		"databases/000-app/part-000002",
		"databases/000-app/part-000003",
		"databases/001-my_db__/part-000001",
		"databases/002-" + longSafe + "/part-000001",
		"manifest.json",
	}, entryNames(t, archive))
	got, m, err := readAll(archive)
	require.NoError(t, err)
	require.Equal(t, "my_db__", got[1].name)
	require.Equal(t, "my db/ü", m.Databases[1].Database)
	require.Equal(t, long, m.Databases[2].Database)
}

func TestSafeName(t *testing.T) {
	for in, want := range map[string]string{
		"app":                     "app",
		"My-DB_1.2":               "My-DB_1.2",
		"a b/c":                   "a_b_c",
		"..":                      "..",
		"ünïcødé":                 "_n_c_d_",
		"日本":                      "__",
		"tab\there":               "tab_here",
		string(make([]byte, 300)): string(bytes.Repeat([]byte("_"), MaxSafeNameLen)),
	} {
		require.Equal(t, want, SafeName(in), "SafeName(%q)", in)
	}
}

func TestWriterRejects(t *testing.T) {
	w := newTestWriter(io.Discard, 0)
	for _, name := range []string{"", "a\x00b", "\xff", string(bytes.Repeat([]byte("a"), MaxNameLen+1))} {
		_, err := w.Create(name)
		require.ErrorIs(t, err, ErrLimit, "name %q", name)
	}
	dw, err := w.Create("app")
	require.NoError(t, err)
	_, err = w.Create("app")
	require.ErrorIs(t, err, ErrLimit, "duplicate name")
	_, err = w.Create("other")
	require.NoError(t, err)
	_, err = dw.Write([]byte("late"))
	require.ErrorIs(t, err, ErrClosed, "write to a finished database")
	require.NoError(t, w.Close())
	require.NoError(t, w.Close(), "second Close")
	_, err = w.Create("third")
	require.ErrorIs(t, err, ErrClosed)

	w = newTestWriter(io.Discard, 0)
	_, err = w.Create("app")
	require.NoError(t, err)
	w.SetInfo(string(bytes.Repeat([]byte("v"), MaxInfoLen+1)), "", "")
	require.ErrorIs(t, w.Close(), ErrLimit)

	w = newTestWriter(io.Discard, 0)
	w.SetInfo("pg_dump-custom", "", "")
	require.Error(t, w.Close(), "SetInfo before Create")
}

func TestMaxDatabases(t *testing.T) {
	var buf bytes.Buffer
	w := newTestWriter(&buf, 0)
	long := string(bytes.Repeat([]byte(`"`), MaxNameLen-4))
	for i := range MaxDatabases {
		_, err := w.Create(fmt.Sprintf("%04d", i) + long)
		require.NoError(t, err)
		w.SetInfo(string(bytes.Repeat([]byte(`\`), MaxInfoLen)), string(bytes.Repeat([]byte(`\`), MaxInfoLen)), string(bytes.Repeat([]byte(`\`), MaxInfoLen)))
	}
	_, err := w.Create("one too many")
	require.ErrorIs(t, err, ErrLimit)
	require.NoError(t, w.Close(), "the largest manifest fits MaxManifestSize")
	got, m, err := readAll(buf.Bytes())
	require.NoError(t, err)
	require.Len(t, got, MaxDatabases)
	require.Len(t, m.Databases, MaxDatabases)
}
