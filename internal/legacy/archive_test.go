package legacy

import (
	"archive/tar"
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/require"
)

type entry struct {
	name string
	data string
	typ  byte
}

func makeTar(t *testing.T, es ...entry) []byte {
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for _, e := range es {
		typ := e.typ
		if typ == 0 {
			typ = tar.TypeReg
		}
		require.NoError(t, tw.WriteHeader(&tar.Header{Name: e.name, Size: int64(len(e.data)), Mode: 0o644, Typeflag: typ}))
		_, err := tw.Write([]byte(e.data))
		require.NoError(t, err)
	}
	require.NoError(t, tw.Close())
	return b.Bytes()
}

func readArchive(data []byte) (map[string]string, error) {
	ar := NewArchiveReader(bytes.NewReader(data))
	out := map[string]string{}
	for {
		db, r, err := ar.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, err
		}
		out[db.Name] = string(b)
	}
}

func TestArchiveReader(t *testing.T) {
	manifest := `{"version":1,"databases":[{"name":"a","filename":"a.sql","size":2},{"database":"b","file":"dir/b.sql"}]}`
	got, err := readArchive(makeTar(t, entry{name: "manifest.json", data: manifest}, entry{name: "a.sql", data: "aa"},
		entry{name: "dir/", typ: tar.TypeDir}, entry{name: "./dir/b.sql", data: "bbb"}))
	require.NoError(t, err)
	require.Equal(t, map[string]string{"a": "aa", "b": "bbb"}, got)

	// The manifest may come last; names are the files' then.
	got, err = readArchive(makeTar(t, entry{name: "a.sql", data: "aa"}, entry{name: "dir/b.sql", data: "bbb"},
		entry{name: "manifest.json", data: manifest}))
	require.NoError(t, err)
	require.Equal(t, map[string]string{"a.sql": "aa", "dir/b.sql": "bbb"}, got)

	bad := map[string][]byte{
		"no manifest":  makeTar(t, entry{name: "a.sql", data: "aa"}),
		"missing file": makeTar(t, entry{name: "manifest.json", data: manifest}, entry{name: "a.sql", data: "aa"}),
		"wrong size": makeTar(t, entry{name: "manifest.json", data: manifest}, entry{name: "a.sql", data: "a"},
			entry{name: "dir/b.sql", data: "bbb"}),
		"unlisted": makeTar(t, entry{name: "manifest.json", data: manifest}, entry{name: "x.sql", data: "a"}),
		"unsafe":   makeTar(t, entry{name: "../x.sql", data: "a"}),
		"symlink":  makeTar(t, entry{name: "l", typ: tar.TypeSymlink}),
		"version":  makeTar(t, entry{name: "manifest.json", data: `{"version":2,"databases":[]}`}),
		"not tar":  []byte("hello"),
	}
	for name, data := range bad {
		_, err := readArchive(data)
		require.ErrorIs(t, err, ErrCorrupt, name)
	}
}

func FuzzArchiveReader(f *testing.F) {
	f.Add([]byte("hello"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ar := NewArchiveReader(bytes.NewReader(data))
		for {
			db, r, err := ar.Next()
			if err != nil {
				return
			}
			require.True(t, safeName(db.File))
			_, _ = io.Copy(io.Discard, r)
		}
	})
}
