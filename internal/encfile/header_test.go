package encfile

import (
	"bytes"
	"encoding/binary"
	"io"
	"testing"

	"github.com/dbackup/dbackup/internal/vault"
	"github.com/stretchr/testify/require"
)

func TestHeaderFields(t *testing.T) {
	key := testKey(0)
	var buf bytes.Buffer
	w, err := NewWriter(&buf, key, Options{ChunkSize: 4096, Rand: bytes.NewReader(bytes.Repeat([]byte{0xaa}, 60))})
	require.NoError(t, err)
	_, err = w.Write([]byte("hello"))
	require.NoError(t, err)
	require.NoError(t, w.Close())

	src := bytes.NewReader(buf.Bytes())
	h, err := ReadHeader(src)
	require.NoError(t, err)
	require.Equal(t, buf.Len()-HeaderSize, src.Len(), "ReadHeader reads exactly the header")
	require.Equal(t, w.Header(), h)
	require.Equal(t, Version, h.Version())
	require.Equal(t, vault.KeyID(key), h.KeyID())
	require.Equal(t, 4096, h.ChunkSize())
	var id [FileIDSize]byte
	for i := range id {
		id[i] = 0xaa
	}
	require.Equal(t, id, h.FileID())
	require.Equal(t, buf.Bytes()[:HeaderSize], h.Bytes())
	require.Equal(t, h.KeyID(), h.Wrap().KeyID)

	raw := buf.Bytes()
	require.Equal(t, magic, string(raw[:MagicSize]))
	require.EqualValues(t, Version, raw[offVersion])
	require.Equal(t, vault.KeyID(key), string(raw[offKeyID:offChunkSize]))
	require.EqualValues(t, 4096, binary.BigEndian.Uint32(raw[offChunkSize:]))

	// ParseHeader ignores what follows the header.
	h2, err := ParseHeader(raw)
	require.NoError(t, err)
	require.Equal(t, h, h2)
}

func TestHeaderLayout(t *testing.T) {
	// The offsets documented in docs/backup-format.md.
	require.Equal(t, 8, MagicSize)
	require.Equal(t, 8, offVersion)
	require.Equal(t, 9, offKeyID)
	require.Equal(t, 25, offChunkSize)
	require.Equal(t, 29, offFileID)
	require.Equal(t, 45, coreSize)
	require.Equal(t, 57, offWrappedKey)
	require.Equal(t, 105, HeaderSize)
	require.Equal(t, vault.KeyIDLen, keyIDSize)
	require.Equal(t, []byte{0x89, 'D', 'B', 'K', 'E', 'N', 'C', '\n'}, []byte(magic))
}

func TestReadHeaderErrors(t *testing.T) {
	_, file := smallFile(t)
	edit := func(off int, b ...byte) []byte {
		f := cloneBytes(file[:HeaderSize])
		copy(f[off:], b)
		return f
	}
	cases := []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, ErrTruncated},
		{"magic prefix", []byte(magic[:3]), ErrTruncated},
		{"magic and version", file[:MagicSize+1], ErrTruncated},
		{"header minus one", file[:HeaderSize-1], ErrTruncated},
		{"text", []byte("CREATE TABLE"), ErrNotEncrypted},
		{"gzip", []byte{0x1f, 0x8b, 8, 0}, ErrNotEncrypted},
		{"version 0", edit(offVersion, 0), ErrUnsupportedVersion},
		{"version 2 short", edit(offVersion, 2)[:offVersion+1], ErrUnsupportedVersion},
		{"kid upper case", edit(offKeyID, 'A'), ErrHeader},
		{"kid NUL", edit(offKeyID+15, 0), ErrHeader},
		{"chunk size 0", edit(offChunkSize, 0, 0, 0, 0), ErrHeader},
		{"chunk size 63", edit(offChunkSize, 0, 0, 0, 63), ErrHeader},
		{"chunk size 16 MiB + 1", edit(offChunkSize, 1, 0, 0, 1), ErrHeader},
		{"chunk size 4 GiB - 1", edit(offChunkSize, 0xff, 0xff, 0xff, 0xff), ErrHeader},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadHeader(bytes.NewReader(tc.in))
			require.ErrorIs(t, err, tc.want)
			_, err = ParseHeader(tc.in)
			require.ErrorIs(t, err, tc.want)
		})
	}
	_, err := ReadHeader(io.MultiReader(bytes.NewReader(file[:10]), errReader{io.ErrClosedPipe}))
	require.ErrorIs(t, err, io.ErrClosedPipe)

	for _, cs := range []uint32{MinChunkSize, MaxChunkSize} {
		f := cloneBytes(file[:HeaderSize])
		binary.BigEndian.PutUint32(f[offChunkSize:], cs)
		h, err := ParseHeader(f)
		require.NoError(t, err, "chunk size %d is within bounds (the wrap no longer opens, though)", cs)
		require.EqualValues(t, cs, h.ChunkSize())
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
