package legacy

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/subtle"
	"encoding/binary"
	"fmt"
)

// KeySize is the size of an AES-256 key, the seed's profile keys.
const KeySize = 32

// TagSize is the size of the GCM tag the seed stored: Node's default and GCM's full tag. Shorter
// tags are refused, since a truncated tag would make forgeries easier.
const TagSize = 16

// The IV lengths accepted. The seed drew 16 random bytes; 12 (GCM's standard size) is accepted
// too, and anything between, since GCM defines J0 for every length.
const (
	minIVSize = 12
	maxIVSize = 64
)

// ksBlocks is how many counter blocks are encrypted at a time: enough to amortise the loop,
// small enough to stay in L1 cache.
const ksBlocks = 64

// stream is whole-message AES-GCM decryption (NIST SP 800-38D, section 7.2) computed
// incrementally: CTR keystream with the 32-bit counter increment (inc32) from J0, and GHASH over
// the ciphertext. The associated data is empty, as with the seed.
type stream struct {
	block   cipher.Block
	g       *ghash
	tagMask [blockSize]byte // E(K, J0)
	ctr     [blockSize]byte // the next counter block
	ks      [ksBlocks * blockSize]byte
	ksPos   int    // unused keystream starts at ks[ksPos:]
	n       uint64 // ciphertext bytes seen
}

func newStream(key, iv []byte) (*stream, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("legacy: %w (got %d)", ErrKey, len(key))
	}
	if len(iv) < minIVSize || len(iv) > maxIVSize {
		return nil, fmt.Errorf("legacy: %w: iv is %d bytes, want %d to %d", ErrMeta, len(iv), minIVSize, maxIVSize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("legacy: %w", err)
	}
	var h [blockSize]byte
	block.Encrypt(h[:], h[:])
	s := &stream{block: block, ksPos: len(stream{}.ks)}
	// J0: IV ‖ 0^31 ‖ 1 for a 96-bit IV, otherwise GHASH(IV ‖ 0^(s+64) ‖ [len(IV)]64).
	var j0 [blockSize]byte
	if len(iv) == 12 {
		copy(j0[:], iv)
		j0[blockSize-1] = 1
	} else {
		g := newGHASH(&h)
		g.Write(iv)
		j0 = g.lengths(0, uint64(len(iv))*8)
	}
	block.Encrypt(s.tagMask[:], j0[:])
	s.ctr = j0
	inc32(&s.ctr)
	s.g = newGHASH(&h)
	return s, nil
}

// inc32 increments the last 32 bits of a counter block, modulo 2^32, as GCM does; the upper 96
// bits never change (unlike cipher.NewCTR, which carries into them).
func inc32(b *[blockSize]byte) {
	binary.BigEndian.PutUint32(b[12:], binary.BigEndian.Uint32(b[12:])+1)
}

// hash adds ciphertext to the tag computation.
func (s *stream) hash(ct []byte) {
	s.g.Write(ct)
	s.n += uint64(len(ct))
}

// xor writes the decryption of ct into dst (which may be ct).
func (s *stream) xor(dst, ct []byte) {
	for len(ct) > 0 {
		if s.ksPos == len(s.ks) {
			for i := 0; i < len(s.ks); i += blockSize {
				s.block.Encrypt(s.ks[i:i+blockSize], s.ctr[:])
				inc32(&s.ctr)
			}
			s.ksPos = 0
		}
		n := subtle.XORBytes(dst, ct, s.ks[s.ksPos:])
		s.ksPos += n
		dst, ct = dst[n:], ct[n:]
	}
}

// check reports whether tag is the tag of everything hashed. It may be called once.
func (s *stream) check(tag []byte) bool {
	sum := s.g.lengths(0, s.n*8)
	subtle.XORBytes(sum[:], sum[:], s.tagMask[:])
	return subtle.ConstantTimeCompare(sum[:], tag) == 1
}
