package encfile

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/dbackup/dbackup/internal/vault"
	"github.com/stretchr/testify/require"
)

// small is the file most tamper tests change: 3 full chunks and a final one of 7 bytes.
const smallChunk = MinChunkSize

func smallFile(t *testing.T) (plain, file []byte) {
	plain = pattern(3*smallChunk + 7)
	return plain, encrypt(t, plain, testKey(0), smallChunk, 11)
}

// requireFails checks that reading file fails with want, and that the Reader returned exactly
// the first released bytes of plain and nothing else: no byte of a chunk that failed, and no
// byte that is not the writer's.
func requireFails(t *testing.T, file, plain []byte, keys KeyLookup, want error, released int, msgAndArgs ...any) {
	t.Helper()
	for _, mode := range []string{"ReadAll", "one byte", "WriteTo"} {
		got, err := readMode(file, keys, mode)
		require.ErrorIs(t, err, want, append([]any{mode}, msgAndArgs...)...)
		require.Len(t, got, released, append([]any{mode}, msgAndArgs...)...)
		require.True(t, bytes.Equal(plain[:released], got), msgAndArgs...)
	}
}

// readMode decrypts file in one of three ways and returns every byte the Reader handed out.
func readMode(file []byte, keys KeyLookup, mode string) ([]byte, error) {
	r, err := NewReader(bytes.NewReader(file), keys)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	switch mode {
	case "WriteTo":
		_, err = r.WriteTo(&out)
	case "one byte":
		var b [1]byte
		for {
			var n int
			n, err = r.Read(b[:])
			out.Write(b[:n])
			if err != nil {
				break
			}
		}
		if err == io.EOF {
			err = nil
		}
	default:
		var got []byte
		got, err = io.ReadAll(r)
		out.Write(got)
	}
	if err != nil {
		// Errors are sticky: asking again gives the same error and no bytes.
		if n, again := r.Read(make([]byte, 10)); n != 0 || again != err {
			return nil, errors.New("error not sticky")
		}
	}
	return out.Bytes(), err
}

func TestEveryBitFlipFails(t *testing.T) {
	plain, file := smallFile(t)
	keys := Keys(testKey(0))
	for off := range file {
		for bit := range 8 {
			f := cloneBytes(file)
			f[off] ^= 1 << bit
			want, released := flipExpectation(f, off)
			requireFailsFast(t, f, plain, keys, want, released, "byte %d bit %d", off, bit)
		}
	}
}

// requireFailsFast is requireFails with one read mode, for tests that try thousands of files.
func requireFailsFast(t *testing.T, file, plain []byte, keys KeyLookup, want error, released int, msgAndArgs ...any) {
	t.Helper()
	got, err := decrypt(file, keys)
	require.ErrorIs(t, err, want, msgAndArgs...)
	require.Len(t, got, released, msgAndArgs...)
	require.True(t, bytes.Equal(plain[:released], got), msgAndArgs...)
}

// flipExpectation returns the error a bit flip at off in small file f must cause, and how many
// plaintext bytes the Reader may release before it.
func flipExpectation(f []byte, off int) (error, int) {
	switch {
	case off < offVersion:
		return ErrNotEncrypted, 0
	case off == offVersion:
		return ErrUnsupportedVersion, 0
	case off < offChunkSize:
		if isKeyID(f[offKeyID:offChunkSize]) {
			return ErrUnknownKey, 0
		}
		return ErrHeader, 0
	case off < offFileID:
		if cs := int(f[offChunkSize])<<24 | int(f[offChunkSize+1])<<16 | int(f[offChunkSize+2])<<8 | int(f[offChunkSize+3]); cs < MinChunkSize || cs > MaxChunkSize {
			return ErrHeader, 0
		}
		return ErrWrongKey, 0
	case off < HeaderSize:
		return ErrWrongKey, 0
	}
	chunk := (off - HeaderSize) / (smallChunk + TagSize)
	return ErrTampered, chunk * smallChunk
}

func TestEveryTruncationFails(t *testing.T) {
	plain, file := smallFile(t)
	keys := Keys(testKey(0))
	const full = smallChunk + TagSize
	for n := range len(file) {
		want, released := ErrTruncated, 0
		if n >= HeaderSize {
			k, rem := (n-HeaderSize)/full, (n-HeaderSize)%full
			switch {
			case rem == 0 && k > 0: // cut at a chunk boundary: the last chunk seen is not final
				released = (k - 1) * smallChunk
			case rem < TagSize: // a chunk too short to hold a tag
				released = k * smallChunk
			default: // cut inside a chunk
				want, released = ErrTampered, k*smallChunk
			}
		}
		requireFailsFast(t, file[:n], plain, keys, want, released, "first %d of %d bytes", n, len(file))
	}
	requireFails(t, file[:HeaderSize+full], plain, keys, ErrTruncated, 0)
	requireFails(t, file[:HeaderSize+2*full], plain, keys, ErrTruncated, smallChunk)
}

func TestReorderedChunksFail(t *testing.T) {
	plain, file := smallFile(t)
	keys := Keys(testKey(0))
	c := chunkBounds(file, smallChunk)
	require.Len(t, c, 4)
	chunk := func(i int) []byte { return file[c[i][0]:c[i][1]] }
	build := func(order ...int) []byte {
		out := cloneBytes(file[:HeaderSize])
		for _, i := range order {
			out = append(out, chunk(i)...)
		}
		return out
	}
	cases := []struct {
		name     string
		file     []byte
		want     error
		released int
	}{
		{"swap 0 and 1", build(1, 0, 2, 3), ErrTampered, 0},
		{"swap 1 and 2", build(0, 2, 1, 3), ErrTampered, smallChunk},
		{"final chunk moved forward", build(0, 3, 1, 2), ErrTampered, smallChunk},
		{"middle chunk dropped", build(0, 2, 3), ErrTampered, smallChunk},
		{"chunk repeated", build(0, 1, 1, 2, 3), ErrTampered, 2 * smallChunk},
		{"final chunk dropped", build(0, 1, 2), ErrTruncated, 2 * smallChunk},
		{"final chunk repeated", build(0, 1, 2, 3, 3), ErrTampered, 3 * smallChunk},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			requireFails(t, tc.file, plain, keys, tc.want, tc.released)
		})
	}
}

func TestChunksFromAnotherFileFail(t *testing.T) {
	plain, file := smallFile(t)
	key := testKey(0)
	other := encrypt(t, plain, key, smallChunk, 12) // same key, plaintext and chunk size
	c := chunkBounds(file, smallChunk)

	spliced := cloneBytes(file)
	copy(spliced[c[1][0]:c[1][1]], other[c[1][0]:c[1][1]])
	requireFails(t, spliced, plain, Keys(key), ErrTampered, smallChunk)

	spliced = cloneBytes(file)
	copy(spliced[c[3][0]:], other[c[3][0]:])
	requireFails(t, spliced, plain, Keys(key), ErrTampered, 3*smallChunk)

	// The other file's header opens (it is a valid header for the same key) but names another
	// data key, so the first chunk fails.
	spliced = cloneBytes(file)
	copy(spliced, other[:HeaderSize])
	requireFails(t, spliced, plain, Keys(key), ErrTampered, 0)

	// Only the other file's wrap: the header's core still opens nothing.
	spliced = cloneBytes(file)
	copy(spliced[offWrapNonce:HeaderSize], other[offWrapNonce:HeaderSize])
	requireFails(t, spliced, plain, Keys(key), ErrWrongKey, 0)
}

func TestHeaderKeyIDEdited(t *testing.T) {
	plain, file := smallFile(t)
	k1, k2 := testKey(0), testKey(0x20)
	withKID := func(kid string) []byte {
		f := cloneBytes(file)
		copy(f[offKeyID:], kid)
		return f
	}
	// Another key id that nobody has.
	requireFails(t, withKID("0123456789abcdef"), plain, Keys(k1), ErrUnknownKey, 0)
	// The key id of another key the reader has: that key does not open the wrap.
	requireFails(t, withKID(vault.KeyID(k2)), plain, Keys(k1, k2), ErrWrongKey, 0)
	// Not a key id at all.
	requireFails(t, withKID("0123456789ABCDEF"), plain, Keys(k1), ErrHeader, 0)
	// The right key offered for any key id: the key id check and the wrap's associated data
	// still catch the edit.
	anyKey := KeyLookupFunc(func(string) (vault.Key, error) { return k1, nil })
	requireFails(t, withKID(vault.KeyID(k2)), plain, anyKey, ErrWrongKey, 0)
}

func TestWrongKey(t *testing.T) {
	plain, file := smallFile(t)
	k1, k2 := testKey(0), testKey(0x20)

	_, err := decrypt(file, Keys(k2))
	var unknown *UnknownKeyError
	require.ErrorAs(t, err, &unknown)
	require.Equal(t, vault.KeyID(k1), unknown.KeyID)
	require.Contains(t, err.Error(), "import the profile key")
	_, err = decrypt(file, nil)
	require.ErrorIs(t, err, ErrUnknownKey)

	// A lookup that answers with the wrong key for the header's key id.
	wrong := KeyLookupFunc(func(string) (vault.Key, error) { return k2, nil })
	requireFails(t, file, plain, wrong, ErrWrongKey, 0)

	// A lookup that fails for another reason stops NewReader with that error.
	boom := errors.New("database is down")
	_, err = decrypt(file, KeyLookupFunc(func(string) (vault.Key, error) { return vault.Key{}, boom }))
	require.ErrorIs(t, err, boom)
	require.NotErrorIs(t, err, ErrUnknownKey)
}

func TestTrailingData(t *testing.T) {
	key := testKey(0)
	// A final chunk of full size followed by more bytes: recognised as trailing data.
	plain := pattern(2 * smallChunk)
	file := encrypt(t, plain, key, smallChunk, 13)
	for _, extra := range [][]byte{{0}, []byte("garbage"), bytes.Repeat([]byte{0xff}, smallChunk+TagSize+5)} {
		requireFails(t, append(cloneBytes(file), extra...), plain, Keys(key), ErrTrailingData, smallChunk)
	}
	// After a shorter final chunk, appended bytes are indistinguishable from a changed final
	// chunk: still an error, ErrTampered.
	plain, file = smallFile(t)
	for _, extra := range [][]byte{{0}, []byte("garbage"), bytes.Repeat([]byte{0xff}, smallChunk+TagSize+5)} {
		requireFails(t, append(cloneBytes(file), extra...), plain, Keys(key), ErrTampered, 3*smallChunk)
	}
	// An empty file with a byte appended.
	file = encrypt(t, nil, key, smallChunk, 14)
	requireFails(t, append(cloneBytes(file), 0), nil, Keys(key), ErrTampered, 0)
}

func TestNotEncrypted(t *testing.T) {
	for _, in := range []string{"-- PostgreSQL database dump\n", "\x89PNG\r\n\x1a\n", "x"} {
		_, err := decrypt([]byte(in), Keys(testKey(0)))
		require.ErrorIs(t, err, ErrNotEncrypted, in)
	}
	for _, in := range []string{"", "\x89", magic, magic + "\x01"} {
		_, err := decrypt([]byte(in), Keys(testKey(0)))
		require.ErrorIs(t, err, ErrTruncated, "%q", in)
	}
	_, err := decrypt([]byte(magic+"\x02"), Keys(testKey(0)))
	require.ErrorIs(t, err, ErrUnsupportedVersion)
}

// TestChunkIndexOverflow checks the explicit refusal to seal or open a non-final chunk with the
// last possible index, whose successor would wrap the counter around and reuse a nonce.
func TestChunkIndexOverflow(t *testing.T) {
	key := testKey(0)
	var buf bytes.Buffer
	w, err := NewWriter(&buf, key, Options{ChunkSize: smallChunk})
	require.NoError(t, err)
	w.index = maxChunkIndex
	_, err = w.Write(pattern(smallChunk + 1))
	require.ErrorIs(t, err, ErrTooLarge)
	require.ErrorIs(t, w.Close(), ErrTooLarge)

	// The final chunk may have the last index.
	buf.Reset()
	w, err = NewWriter(&buf, key, Options{ChunkSize: smallChunk, Rand: testRand(1)})
	require.NoError(t, err)
	w.index = maxChunkIndex
	_, err = w.Write(pattern(10))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	r, err := NewReader(bytes.NewReader(buf.Bytes()), Keys(key))
	require.NoError(t, err)
	r.index = maxChunkIndex
	got, err := io.ReadAll(r)
	require.NoError(t, err)
	require.Equal(t, pattern(10), got)

	// A reader at the last index refuses a non-final chunk.
	file := encrypt(t, pattern(2*smallChunk), key, smallChunk, 1)
	r, err = NewReader(bytes.NewReader(file), Keys(key))
	require.NoError(t, err)
	r.index = maxChunkIndex
	_, err = io.ReadAll(r)
	require.ErrorIs(t, err, ErrTooLarge)
}
