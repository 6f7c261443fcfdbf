package redis

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"strconv"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"
)

// rdbFile builds an RDB file of version 10 from body (the bytes after the header, before
// EOF), with a correct checksum.
func rdbFile(body ...byte) []byte {
	f := append([]byte("REDIS0010"), body...)
	f = append(f, opEOF)
	return binary.LittleEndian.AppendUint64(f, crcUpdate(0, f))
}

func readAll(t *testing.T, f []byte) ([]rdbEntry, error) {
	t.Helper()
	var got []rdbEntry
	err := readRDB(bytes.NewReader(f), rdbHandler{Key: func(e rdbEntry) error {
		got = append(got, e)
		return nil
	}})
	return got, err
}

func TestCRC64MatchesRedis(t *testing.T) {
	// The check value from Redis's crc64.c.
	require.Equal(t, uint64(0xe9c6d914c4b8d9ca), crcUpdate(0, []byte("123456789")))
	require.Equal(t, crcUpdate(0, []byte("123456789")), crcUpdate(crcUpdate(0, []byte("1234")), []byte("56789")))
}

func TestReadRDB(t *testing.T) {
	f := rdbFile(
		opAux, 9, 'r', 'e', 'd', 'i', 's', '-', 'v', 'e', 'r', 5, '7', '.', '0', '.', '0',
		opSelectDB, 2, opResizeDB, 1, 1,
		opExpireMS, 0xE8, 0x03, 0, 0, 0, 0, 0, 0, // 1000 ms
		typeString, 1, 'k', 0xC0, 0xFE, // the string "-2" as an 8-bit integer
		opSelectDB, 0x40, 0x05, // db 5, in the 14-bit form
		typeList, 1, 'l', 2, 1, 'a', 1, 'b',
	)
	got, err := readAll(t, f)
	require.NoError(t, err)
	require.Len(t, got, 2)
	require.Equal(t, 2, got[0].DB)
	require.Equal(t, "k", string(got[0].Key))
	require.Equal(t, int64(1000), got[0].ExpireAt)
	payload := []byte{typeString, 0xC0, 0xFE, 10, 0}
	require.Equal(t, binary.LittleEndian.AppendUint64(payload, crcUpdate(0, payload)), got[0].Payload)
	require.Equal(t, 5, got[1].DB)
	require.Zero(t, got[1].ExpireAt, "an expiry belongs to the next key only")
}

func TestReadRDBFailures(t *testing.T) {
	good := rdbFile(typeString, 1, 'k', 1, 'v')
	badSum := bytes.Clone(good)
	badSum[len(badSum)-1] ^= 1
	tests := []struct {
		name string
		file []byte
		want error
	}{
		{"empty", nil, ErrCorrupt},
		{"not an RDB", []byte("+OK\r\nhello"), ErrCorrupt},
		{"newer version", []byte("REDIS0099"), ErrUnsupported},
		{"Valkey 9", []byte("VALKEY080\xfa"), ErrUnsupported},
		{"truncated", good[:len(good)-12], ErrCorrupt},
		{"checksum", badSum, ErrCorrupt},
		{"unknown type", rdbFile(30, 1, 'k', 1, 'v'), ErrUnsupported},
		{"old module type", rdbFile(typeModule, 1, 'k', 1), ErrUnsupported},
		{"huge length", rdbFile(typeString, 1, 'k', 0x81, 0xFF, 0, 0, 0, 0, 0, 0, 0), ErrCorrupt},
		{"LZF ratio", rdbFile(typeString, 1, 'k', 0xC3, 1, 0x80, 0, 1, 0, 0, 0), ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readAll(t, tt.file)
			require.ErrorIs(t, err, tt.want)
		})
	}
}

func TestLZFDecompress(t *testing.T) {
	// "abcabcabcabc": a literal run of 3, then a back reference of 9 bytes at distance 3.
	in := []byte{2, 'a', 'b', 'c', (7 << 5), 0, 2}
	out, err := lzfDecompress(in, 12)
	require.NoError(t, err)
	require.Equal(t, "abcabcabcabc", string(out))
	for _, bad := range [][]byte{{5, 'a'}, {(1 << 5), 9}, {2, 'a', 'b', 'c', (7 << 5)}} {
		_, err := lzfDecompress(bad, 12)
		require.ErrorIs(t, err, ErrCorrupt)
	}
	_, err = lzfDecompress(in, 11)
	require.ErrorIs(t, err, ErrCorrupt, "more data than announced")
}

func TestCopySnapshot(t *testing.T) {
	snapshot := bytes.Repeat([]byte("REDIS0010-payload-"), 10000)
	mark := bytes.Repeat([]byte("m"), eofMarkLen)
	tests := []struct {
		name  string
		reply []byte
	}{
		{"disk", append([]byte("\n\n$"+strconv.Itoa(len(snapshot))+"\r\n"), snapshot...)},
		{"diskless", append(append([]byte("\n$EOF:"+string(mark)+"\r\n"), snapshot...), mark...)},
		{"diskless, empty", append([]byte("$EOF:"+string(mark)+"\r\n"), mark...)},
	}
	for _, tt := range tests {
		for _, oneByte := range []bool{false, true} {
			t.Run(tt.name, func(t *testing.T) {
				var r io.Reader = bytes.NewReader(tt.reply)
				if oneByte {
					r = iotest.OneByteReader(r)
				}
				rc := &replConn{br: bufio.NewReader(r)}
				var out bytes.Buffer
				require.NoError(t, rc.copySnapshot(&out))
				if tt.name == "diskless, empty" {
					require.Zero(t, out.Len())
					return
				}
				require.Equal(t, snapshot, out.Bytes())
			})
		}
	}
}

func TestCopySnapshotFailures(t *testing.T) {
	tests := []struct {
		name  string
		reply string
	}{
		{"error reply", "-NOPERM this user has no permissions to run the 'sync' command\r\n"},
		{"truncated", "$100\r\nREDIS0010"},
		{"diskless without mark", "$EOF:" + string(bytes.Repeat([]byte("m"), eofMarkLen)) + "\r\nREDIS0010"},
		{"short mark", "$EOF:abc\r\n"},
		{"other reply", "+FULLRESYNC 0 0\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := &replConn{br: bufio.NewReader(bytes.NewReader([]byte(tt.reply)))}
			require.Error(t, rc.copySnapshot(io.Discard))
		})
	}
	var reply replyError
	rc := &replConn{br: bufio.NewReader(bytes.NewReader([]byte(tests[0].reply)))}
	require.True(t, errors.As(rc.copySnapshot(io.Discard), &reply))
	require.Equal(t, "NOPERM", reply.code())
}

func TestMagicWriter(t *testing.T) {
	var out bytes.Buffer
	w := &magicWriter{w: &out}
	for _, b := range []byte("REDIS0010") {
		_, err := w.Write([]byte{b})
		require.NoError(t, err)
	}
	_, err := (&magicWriter{w: io.Discard}).Write([]byte("VALKEY080"))
	require.NoError(t, err, "Valkey 9's snapshots are stored")
	for _, bad := range []string{"-ERR no", "REDIX", "VALKEX"} {
		_, err := (&magicWriter{w: io.Discard}).Write([]byte(bad))
		require.ErrorIs(t, err, ErrCorrupt, bad)
	}
}

func FuzzReadRDB(f *testing.F) {
	f.Add(rdbFile(typeString, 1, 'k', 1, 'v'))
	f.Add(rdbFile(opSelectDB, 3, typeHash, 1, 'h', 1, 1, 'f', 1, 'v'))
	f.Add(rdbFile(typeStream2, 1, 's', 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 'g', 0, 0, 0, 0, 0))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = readRDB(bytes.NewReader(data), rdbHandler{Key: func(rdbEntry) error { return nil }})
	})
}
