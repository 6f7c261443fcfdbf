package legacy

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"io"
	mrand "math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// sealStd encrypts pt as the seed did, with the standard library: it returns the bare
// ciphertext and the tag separately.
func sealStd(t testing.TB, key, iv, pt []byte) (ct, tag []byte) {
	t.Helper()
	block, err := aes.NewCipher(key)
	require.NoError(t, err)
	aead, err := cipher.NewGCMWithNonceSize(block, len(iv))
	require.NoError(t, err)
	out := aead.Seal(nil, iv, pt, nil)
	return out[:len(pt)], out[len(pt):]
}

func randBytes(t testing.TB, n int) []byte {
	b := make([]byte, n)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return b
}

// oneByteReader returns at most one byte per Read, to exercise partial blocks.
type oneByteReader struct{ r io.Reader }

func (o oneByteReader) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	return o.r.Read(p)
}

func TestStreamMatchesStdlib(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(1, 2))
	sizes := []int{0, 1, 15, 16, 17, 31, 32, 33, 1023, 1024, 1025, 16383, 16384, 16385, 100000}
	for range 150 {
		sizes = append(sizes, rng.IntN(100001))
	}
	for _, ivLen := range []int{16, 12, 13, 32} {
		for _, n := range sizes {
			key, iv, pt := randBytes(t, KeySize), randBytes(t, ivLen), randBytes(t, n)
			ct, tag := sealStd(t, key, iv, pt)
			m := &Meta{Encrypted: true, IV: iv, AuthTag: tag}
			require.NoError(t, VerifyWith(bytes.NewReader(ct), key, m, Options{InMemoryLimit: -1}), "iv %d size %d", ivLen, n)
			require.NoError(t, VerifyWith(bytes.NewReader(ct), key, m, Options{}), "iv %d size %d", ivLen, n)
			d, err := Decrypt(bytes.NewReader(ct), key, m)
			require.NoError(t, err)
			got, err := io.ReadAll(d)
			require.NoError(t, err, "iv %d size %d", ivLen, n)
			require.True(t, bytes.Equal(pt, got), "iv %d size %d", ivLen, n)
		}
	}
}

func TestStreamLarge(t *testing.T) {
	key, iv, pt := randBytes(t, KeySize), randBytes(t, 16), randBytes(t, 3<<20+7)
	ct, tag := sealStd(t, key, iv, pt)
	m := &Meta{Encrypted: true, IV: iv, AuthTag: tag}
	require.NoError(t, VerifyWith(bytes.NewReader(ct), key, m, Options{InMemoryLimit: 1 << 20}))
	require.NoError(t, VerifyWith(oneByteReader{bytes.NewReader(ct[:200000])}, key,
		&Meta{Encrypted: true, IV: iv, AuthTag: sealTag(t, key, iv, pt[:200000])}, Options{InMemoryLimit: -1}))
	d, err := Decrypt(bytes.NewReader(ct), key, m)
	require.NoError(t, err)
	got, err := io.ReadAll(d)
	require.NoError(t, err)
	require.True(t, bytes.Equal(pt, got))

	ct[len(ct)/2] ^= 1
	require.ErrorIs(t, VerifyWith(bytes.NewReader(ct), key, m, Options{InMemoryLimit: 1 << 20}), ErrTampered)
	d, err = Decrypt(bytes.NewReader(ct), key, m)
	require.NoError(t, err)
	_, err = io.ReadAll(d)
	require.ErrorIs(t, err, ErrTampered)
}

func sealTag(t testing.TB, key, iv, pt []byte) []byte {
	_, tag := sealStd(t, key, iv, pt)
	return tag
}

func TestRefusals(t *testing.T) {
	key, iv, pt := randBytes(t, KeySize), randBytes(t, 16), randBytes(t, 5000)
	ct, tag := sealStd(t, key, iv, pt)
	flip := func(b []byte, i int) []byte {
		c := bytes.Clone(b)
		c[i] ^= 0x80
		return c
	}
	cases := []struct {
		name    string
		ct, key []byte
		m       *Meta
	}{
		{"tampered byte", flip(ct, 1234), key, &Meta{Encrypted: true, IV: iv, AuthTag: tag}},
		{"truncated", ct[:len(ct)-1], key, &Meta{Encrypted: true, IV: iv, AuthTag: tag}},
		{"appended", append(bytes.Clone(ct), 0), key, &Meta{Encrypted: true, IV: iv, AuthTag: tag}},
		{"wrong tag", ct, key, &Meta{Encrypted: true, IV: iv, AuthTag: flip(tag, 0)}},
		{"wrong iv", ct, key, &Meta{Encrypted: true, IV: flip(iv, 15), AuthTag: tag}},
		{"wrong key", ct, randBytes(t, KeySize), &Meta{Encrypted: true, IV: iv, AuthTag: tag}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, limit := range []int64{0, -1} {
				require.ErrorIs(t, VerifyWith(bytes.NewReader(tc.ct), tc.key, tc.m, Options{InMemoryLimit: limit}), ErrTampered)
			}
			d, err := Decrypt(bytes.NewReader(tc.ct), tc.key, tc.m)
			require.NoError(t, err)
			_, err = io.ReadAll(d)
			require.ErrorIs(t, err, ErrTampered)
		})
	}
	require.ErrorIs(t, Verify(bytes.NewReader(ct), key[:16], &Meta{Encrypted: true, IV: iv, AuthTag: tag}), ErrKey)
	require.ErrorIs(t, Verify(bytes.NewReader(ct), key, &Meta{}), ErrMeta)
}

func TestInc32WrapsWithoutCarry(t *testing.T) {
	b := [blockSize]byte{15: 0xff, 14: 0xff, 13: 0xff, 12: 0xff, 11: 0x07}
	inc32(&b)
	require.Equal(t, [blockSize]byte{11: 0x07}, b)
}

func BenchmarkVerifyStream(b *testing.B) {
	key, iv, pt := randBytes(b, KeySize), randBytes(b, 16), randBytes(b, 8<<20)
	ct, tag := sealStd(b, key, iv, pt)
	m := &Meta{Encrypted: true, IV: iv, AuthTag: tag}
	b.SetBytes(int64(len(ct)))
	for b.Loop() {
		require.NoError(b, VerifyWith(bytes.NewReader(ct), key, m, Options{InMemoryLimit: -1}))
	}
}

func BenchmarkDecrypt(b *testing.B) {
	key, iv, pt := randBytes(b, KeySize), randBytes(b, 16), randBytes(b, 8<<20)
	ct, tag := sealStd(b, key, iv, pt)
	m := &Meta{Encrypted: true, IV: iv, AuthTag: tag}
	b.SetBytes(int64(len(ct)))
	for b.Loop() {
		d, _ := Decrypt(bytes.NewReader(ct), key, m)
		_, err := io.Copy(io.Discard, d)
		require.NoError(b, err)
	}
}
