package encfile

import (
	"crypto/cipher"
	"crypto/sha256"
	"encoding/binary"
	"math"
)

// Version is the format version this package writes, and the only one it reads.
const Version = 1

// magic opens every encrypted backup file. Its first byte is not ASCII, so that a plain-text dump
// is never mistaken for an encrypted file and a transfer that strips the eighth bit is noticed;
// its last byte is a line feed, so that a transfer that rewrites line endings is noticed too (the
// PNG signature uses the same two tricks). It reads as "\x89DBKENC\n".
const magic = "\x89DBKENC\n"

// Sizes of the fields of the header and of every chunk, in bytes.
const (
	// MagicSize is the length of magic.
	MagicSize = len(magic)

	// DataKeySize is the size of a file's data key: AES-256 takes a 256-bit key.
	DataKeySize = 32

	// FileIDSize is the size of the random file id. 128 random bits make two files with the same
	// id as unlikely as two equal data keys, so the id can name the file in its sidecar and makes
	// every header, and so every wrap's associated data, unique.
	FileIDSize = 16

	// NonceSize is the size of every AES-GCM nonce in the format: the 96 bits GCM is designed
	// for, the only size that Node.js, OpenSSL and Go all handle the same way.
	NonceSize = 12

	// TagSize is the size of every AES-GCM tag in the format: the full 128 bits, never truncated.
	TagSize = 16

	// WrappedKeySize is the size of a wrapped data key: the encrypted key followed by its tag.
	WrappedKeySize = DataKeySize + TagSize

	// keyIDSize is the length of the key id field: vault.KeyIDLen lower-case hex characters,
	// stored as ASCII so that the id can be read with `head -c 25 file | tail -c 16`.
	keyIDSize = 16

	// chunkSizeSize is the size of the chunk size field, a big-endian uint32.
	chunkSizeSize = 4
)

// Offsets of the header fields. The header core, bytes [0, coreSize), is what every wrap of the
// data key authenticates as its associated data; the embedded wrap follows it.
const (
	offVersion    = MagicSize                    // 8
	offKeyID      = offVersion + 1               // 9
	offChunkSize  = offKeyID + keyIDSize         // 25
	offFileID     = offChunkSize + chunkSizeSize // 29
	coreSize      = offFileID + FileIDSize       // 45
	offWrapNonce  = coreSize                     // 45
	offWrappedKey = offWrapNonce + NonceSize     // 57

	// HeaderSize is the size of the version 1 header: the core and the embedded wrap.
	HeaderSize = offWrappedKey + WrappedKeySize // 105
)

// Chunk size limits, in plaintext bytes per chunk.
const (
	// DefaultChunkSize is used when Options.ChunkSize is 0. 1 MiB makes the 16-byte tag and the
	// per-chunk work negligible (AES-GCM runs at full speed from about 16 KiB) while a reader
	// and a writer each hold only a couple of chunks in memory.
	DefaultChunkSize = 1 << 20

	// MinChunkSize is the smallest chunk size. Tiny chunks are not insecure, only wasteful: at 64
	// bytes the tags already add 25%, and a file with smaller chunks would be a cheap way to make
	// a reader work hard. Tests use it to get many chunks from little data.
	MinChunkSize = 64

	// MaxChunkSize is the largest chunk size. The chunk size comes from the file, which is
	// untrusted, and a reader allocates two buffers of that size before it can authenticate
	// anything, so the limit caps what opening a hostile file can cost; larger chunks are no
	// faster.
	MaxChunkSize = 16 << 20
)

// Final flag values, the last byte of a chunk nonce. Only the last chunk of a file is sealed
// with flagFinal, so a file cut at a chunk boundary ends with a chunk that does not open as a
// final chunk, and a final chunk moved before the end does not open as a non-final one.
const (
	flagMore  = 0x00
	flagFinal = 0x01
)

// maxChunkIndex is the largest chunk index. The index is 64 bits wide in the nonce, so a file can
// have 2^64 chunks (2^84 bytes at 1 MiB chunks: no practical limit); only the final chunk may
// have this index, and a writer or reader that would need the next one stops with ErrTooLarge
// instead of reusing a nonce.
const maxChunkIndex = math.MaxUint64

// chunkCipher seals and opens the chunks of one file. Like cipher.AEAD, seal appends to dst and
// open returns the plaintext appended to dst; the nonce and the associated data are derived from
// the chunk index, the final flag and the file's header, so callers cannot get them wrong. It
// holds one AES-GCM instance for the whole file and allocates nothing per chunk.
type chunkCipher struct {
	aead  cipher.AEAD
	ad    [sha256.Size]byte // SHA-256 of the complete header
	nonce [NonceSize]byte   // scratch, rewritten for every chunk
}

func newChunkCipher(aead cipher.AEAD, header []byte) *chunkCipher {
	return &chunkCipher{aead: aead, ad: sha256.Sum256(header)}
}

// chunkNonce writes the nonce of chunk index into n: the index as an 11-byte big-endian integer
// (its top three bytes always zero) followed by the final flag, as in age's STREAM construction.
// A counter is safe because every file has its own random data key: a nonce is never reused
// under one key, which is all AES-GCM needs.
func chunkNonce(n *[NonceSize]byte, index uint64, final bool) {
	n[0], n[1], n[2] = 0, 0, 0
	binary.BigEndian.PutUint64(n[3:11], index)
	n[11] = flagMore
	if final {
		n[11] = flagFinal
	}
}

func (c *chunkCipher) seal(dst, plaintext []byte, index uint64, final bool) []byte {
	chunkNonce(&c.nonce, index, final)
	return c.aead.Seal(dst, c.nonce[:], plaintext, c.ad[:])
}

func (c *chunkCipher) open(dst, ciphertext []byte, index uint64, final bool) ([]byte, error) {
	chunkNonce(&c.nonce, index, final)
	return c.aead.Open(dst, c.nonce[:], ciphertext, c.ad[:])
}
