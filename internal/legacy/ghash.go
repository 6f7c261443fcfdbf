package legacy

import "encoding/binary"

// blockSize is AES's and GHASH's block size.
const blockSize = 16

// fieldElement is an element of GF(2^128) in GCM's bit order: low holds the first 8 bytes of a
// block, high the last 8, both big-endian, so that bit 0 of the block (the coefficient of x^0)
// is the most significant bit of low.
type fieldElement struct{ low, high uint64 }

// ghash is GHASH of NIST SP 800-38D, section 6.4, with Shoup's 4-bit tables: 16 multiples of the
// hash key H are precomputed, and each block costs 32 table lookups instead of 128 shifts. It
// follows the portable implementation that the Go standard library used before assembly.
type ghash struct {
	table [16]fieldElement // table[reverseBits(i)] = i·H
	y     fieldElement     // the running hash
	buf   [blockSize]byte  // a partial block not yet hashed
	nbuf  int
}

// newGHASH returns GHASH under the hash key h = E(K, 0^128).
func newGHASH(h *[blockSize]byte) *ghash {
	g := &ghash{}
	x := fieldElement{binary.BigEndian.Uint64(h[:8]), binary.BigEndian.Uint64(h[8:])}
	g.table[reverseBits(1)] = x
	for i := 2; i < 16; i += 2 {
		g.table[reverseBits(i)] = double(g.table[reverseBits(i/2)])
		g.table[reverseBits(i+1)] = add(g.table[reverseBits(i)], x)
	}
	return g
}

// reverseBits reverses the order of the 4 low bits of i.
func reverseBits(i int) int {
	i = ((i << 2) & 0xc) | ((i >> 2) & 0x3)
	i = ((i << 1) & 0xa) | ((i >> 1) & 0x5)
	return i
}

func add(x, y fieldElement) fieldElement { return fieldElement{x.low ^ y.low, x.high ^ y.high} }

// double returns x·x^1 (a shift towards the high coefficients, reduced by GCM's polynomial
// x^128 + x^7 + x^2 + x + 1, whose low terms are 0xe1 in GCM's bit order).
func double(x fieldElement) fieldElement {
	msbSet := x.high&1 == 1
	d := fieldElement{low: x.low >> 1, high: x.high>>1 | x.low<<63}
	if msbSet {
		d.low ^= 0xe100000000000000
	}
	return d
}

// reduction holds the reduction of each 4-bit value shifted off the end of the field element.
var reduction = [16]uint16{
	0x0000, 0x1c20, 0x3840, 0x2460, 0x7080, 0x6ca0, 0x48c0, 0x54e0,
	0xe100, 0xfd20, 0xd940, 0xc560, 0x9180, 0x8da0, 0xa9c0, 0xb5e0,
}

// mul sets y = y·H.
func (g *ghash) mul(y *fieldElement) {
	var z fieldElement
	for i := 0; i < 2; i++ {
		word := y.high
		if i == 1 {
			word = y.low
		}
		for j := 0; j < 64; j += 4 {
			msw := z.high & 0xf
			z.high = z.high>>4 | z.low<<60
			z.low = z.low>>4 ^ uint64(reduction[msw])<<48
			t := &g.table[word&0xf]
			z.low ^= t.low
			z.high ^= t.high
			word >>= 4
		}
	}
	*y = z
}

// blocks hashes whole blocks.
func (g *ghash) blocks(p []byte) {
	for len(p) >= blockSize {
		g.y.low ^= binary.BigEndian.Uint64(p)
		g.y.high ^= binary.BigEndian.Uint64(p[8:])
		g.mul(&g.y)
		p = p[blockSize:]
	}
}

// Write hashes p as part of one zero-padded string (the ciphertext, or the IV). It never fails.
func (g *ghash) Write(p []byte) {
	if g.nbuf > 0 {
		n := copy(g.buf[g.nbuf:], p)
		g.nbuf += n
		p = p[n:]
		if g.nbuf < blockSize {
			return
		}
		g.blocks(g.buf[:])
		g.nbuf = 0
	}
	full := len(p) &^ (blockSize - 1)
	g.blocks(p[:full])
	g.nbuf = copy(g.buf[:], p[full:])
}

// pad ends the current string: a partial block is padded with zeros and hashed.
func (g *ghash) pad() {
	if g.nbuf > 0 {
		clear(g.buf[g.nbuf:])
		g.blocks(g.buf[:])
		g.nbuf = 0
	}
}

// lengths hashes the final block [len(A)]64 ‖ [len(C)]64, lengths in bits, and returns the hash.
func (g *ghash) lengths(aBits, cBits uint64) [blockSize]byte {
	g.pad()
	g.y.low ^= aBits
	g.y.high ^= cBits
	g.mul(&g.y)
	var out [blockSize]byte
	binary.BigEndian.PutUint64(out[:8], g.y.low)
	binary.BigEndian.PutUint64(out[8:], g.y.high)
	return out
}
