package vault

import (
	"bytes"
	"crypto/rand"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// testKey returns a distinct, deterministic key for each seed.
func testKey(seed byte) Key {
	var k Key
	for i := range k {
		k[i] = seed + byte(i)
	}
	return k
}

// testKeyring builds a keyring from test keys, the first being the primary.
func testKeyring(t testing.TB, primary byte, previous ...byte) *Keyring {
	t.Helper()
	prev := make([]Key, len(previous))
	for i, s := range previous {
		prev[i] = testKey(s)
	}
	kr, err := NewKeyring(testKey(primary), prev...)
	require.NoError(t, err)
	return kr
}

// here is a typical place for tests that do not care about the place.
var here = Place{Table: "sources", Column: "password", RowID: "src_01JDQ3Z6V6T2G4F2A7Q2M9KXHB"}

// requireNoLeak fails when msg contains the secret or its lower/upper-case form.
func requireNoLeak(t *testing.T, msg, secret string) {
	t.Helper()
	if secret == "" {
		return
	}
	for _, s := range []string{secret, strings.ToLower(secret), strings.ToUpper(secret), strings.TrimSpace(secret)} {
		if s != "" {
			require.NotContains(t, msg, s)
		}
	}
}

const sealedPattern = `^dbk1\.[0-9a-f]{16}\.[A-Za-z0-9_-]+$`

func TestSealOpenRoundTrip(t *testing.T) {
	kr := testKeyring(t, 0)
	// aesBlock is AES's block size; GCM's counter mode works block by block, so sizes around it
	// are where an off-by-one would show.
	const aesBlock = 16
	for _, size := range []int{0, 1, aesBlock - 1, aesBlock, aesBlock + 1, 4096, 1 << 20} {
		plain := make([]byte, size)
		_, err := rand.Read(plain)
		require.NoError(t, err)

		sealed, err := kr.Seal(plain, here)
		require.NoError(t, err)
		require.Regexp(t, sealedPattern, sealed)
		s, err := Parse(sealed)
		require.NoError(t, err)
		require.Len(t, s.Payload, NonceSize+size+TagSize, "size %d", size)
		require.Equal(t, kr.PrimaryID(), s.KeyID)
		if size >= 8 {
			require.NotContains(t, sealed, string(plain[:8]))
		}

		got, err := kr.Open(sealed, here)
		require.NoError(t, err, "size %d", size)
		require.True(t, bytes.Equal(plain, got), "size %d", size)
		require.NotNil(t, got)
	}
}

func TestSealUsesFreshNonces(t *testing.T) {
	kr := testKeyring(t, 0)
	a, err := kr.Seal([]byte("hunter2"), here)
	require.NoError(t, err)
	b, err := kr.Seal([]byte("hunter2"), here)
	require.NoError(t, err)
	require.NotEqual(t, a, b)
	pa, _ := Parse(a)
	pb, _ := Parse(b)
	require.NotEqual(t, pa.Payload[:NonceSize], pb.Payload[:NonceSize])
}

func TestSealFailsWhenRandomnessFails(t *testing.T) {
	kr := testKeyring(t, 0).WithRand(bytes.NewReader(make([]byte, NonceSize-1)))
	_, err := kr.Seal([]byte("x"), here)
	require.Error(t, err)
}

func TestPlaceValidation(t *testing.T) {
	kr := testKeyring(t, 0)
	sealed, err := kr.Seal([]byte("x"), here)
	require.NoError(t, err)
	for name, p := range map[string]Place{
		"empty table":   {Column: "c", RowID: "1"},
		"empty column":  {Table: "t", RowID: "1"},
		"empty row id":  {Table: "t", Column: "c"},
		"NUL in table":  {Table: "t\x00c", Column: "c", RowID: "1"},
		"NUL in column": {Table: "t", Column: "c\x00", RowID: "1"},
		"NUL in row id": {Table: "t", Column: "c", RowID: "\x001"},
	} {
		_, err := kr.Seal([]byte("x"), p)
		require.ErrorIs(t, err, ErrInvalidPlace, name)
		_, err = kr.Open(sealed, p)
		require.ErrorIs(t, err, ErrInvalidPlace, name)
		_, _, err = kr.Reseal(sealed, p)
		require.ErrorIs(t, err, ErrInvalidPlace, name)
	}
}

func TestKeyringWithPreviousKeys(t *testing.T) {
	old := testKeyring(t, 0x20)
	older := testKeyring(t, 0x40)
	current := testKeyring(t, 0)
	kr := testKeyring(t, 0, 0x20, 0x40)

	require.Equal(t, testKey(0), kr.Primary())
	require.Equal(t, []string{KeyID(testKey(0)), KeyID(testKey(0x20)), KeyID(testKey(0x40))}, kr.KeyIDs())
	require.True(t, kr.Has(KeyID(testKey(0x40))))
	require.False(t, kr.Has(KeyID(testKey(0x60))))

	for name, sealer := range map[string]*Keyring{"primary": current, "previous": old, "older": older} {
		sealed, err := sealer.Seal([]byte("s3cr3t "+name), here)
		require.NoError(t, err)
		got, err := kr.Open(sealed, here)
		require.NoError(t, err, name)
		require.Equal(t, "s3cr3t "+name, string(got))
		require.Equal(t, name != "primary", kr.NeedsReseal(sealed), name)
	}

	sealed, err := kr.Seal([]byte("new"), here)
	require.NoError(t, err)
	s, err := Parse(sealed)
	require.NoError(t, err)
	require.Equal(t, KeyID(testKey(0)), s.KeyID, "Seal always uses the primary key")
	_, err = old.Open(sealed, here)
	require.ErrorIs(t, err, ErrKeyMismatch)
}

func TestNewKeyringRejectsBadKeys(t *testing.T) {
	_, err := NewKeyring(Key{})
	require.ErrorIs(t, err, ErrInvalidKey)
	_, err = NewKeyring(testKey(0), testKey(1), Key{})
	require.ErrorIs(t, err, ErrInvalidKey)
	_, err = NewKeyring(testKey(0), testKey(0))
	require.ErrorIs(t, err, ErrInvalidKey)
	_, err = NewKeyring(testKey(0), testKey(1), testKey(1))
	require.ErrorIs(t, err, ErrInvalidKey)
}

func TestReseal(t *testing.T) {
	old := testKeyring(t, 0x20)
	kr := testKeyring(t, 0, 0x20)

	fromOld, err := old.Seal([]byte("rotate me"), here)
	require.NoError(t, err)
	moved, changed, err := kr.Reseal(fromOld, here)
	require.NoError(t, err)
	require.True(t, changed)
	require.NotEqual(t, fromOld, moved)
	require.False(t, kr.NeedsReseal(moved))
	got, err := testKeyring(t, 0).Open(moved, here) // opens without the old key now
	require.NoError(t, err)
	require.Equal(t, "rotate me", string(got))

	same, changed, err := kr.Reseal(moved, here)
	require.NoError(t, err)
	require.False(t, changed)
	require.Equal(t, moved, same)

	_, _, err = kr.Reseal(fromOld, Place{Table: "sources", Column: "password", RowID: "other"})
	require.ErrorIs(t, err, ErrTampered, "a value that does not open is reported, not carried over")
	_, _, err = testKeyring(t, 0).Reseal(fromOld, here)
	var km *KeyMismatchError
	require.True(t, errors.As(err, &km))
	_, _, err = kr.Reseal("hunter2", here)
	require.ErrorIs(t, err, ErrMalformed)
	require.False(t, kr.NeedsReseal("hunter2"))
	require.False(t, kr.NeedsReseal(""))
}

// benchSecret is the size of a typical database password or access key.
var benchSecret = []byte("correct-horse-battery-staple-42")

func BenchmarkSeal(b *testing.B) {
	kr := testKeyring(b, 0)
	b.SetBytes(int64(len(benchSecret)))
	for b.Loop() {
		if _, err := kr.Seal(benchSecret, here); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	kr := testKeyring(b, 0)
	sealed, err := kr.Seal(benchSecret, here)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(benchSecret)))
	for b.Loop() {
		if _, err := kr.Open(sealed, here); err != nil {
			b.Fatal(err)
		}
	}
}
