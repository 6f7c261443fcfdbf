package encfile

import (
	"encoding/binary"
	"fmt"
	"io"
)

// Header is the parsed header of an encrypted backup file. It is read-only: its accessors
// decode the exact bytes that were read, which are also what the chunks and the wraps
// authenticate, so a Header cannot drift from the file it came from.
//
// ReadHeader and ParseHeader check only the header's form, not its authenticity (that needs the
// key): use the key id to find the key, and trust nothing else before NewReader has opened the
// file. The zero Header is invalid.
type Header struct {
	raw [HeaderSize]byte
}

// ReadHeader reads exactly HeaderSize bytes from r, no more, and parses them. It needs no key,
// so a server can learn which profile key a file needs ("import key <kid>") before it has it.
// It fails with ErrNotEncrypted, ErrUnsupportedVersion, ErrTruncated or ErrHeader, or with r's
// error.
func ReadHeader(r io.Reader) (Header, error) {
	var buf [HeaderSize]byte
	n, err := io.ReadFull(r, buf[:])
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return Header{}, fmt.Errorf("encfile: read header: %w", err)
	}
	return ParseHeader(buf[:n])
}

// ParseHeader parses the header at the start of b; bytes after the header are ignored, so b may
// be the first bytes of a file. It checks, in this order: the magic (ErrNotEncrypted), the
// version (ErrUnsupportedVersion), the length (ErrTruncated), the key id and the chunk size
// (ErrHeader). A b that is shorter than a header but is a prefix of one is ErrTruncated.
func ParseHeader(b []byte) (Header, error) {
	n := min(len(b), MagicSize)
	if string(b[:n]) != magic[:n] {
		return Header{}, fmt.Errorf("encfile: %w: the file does not start with %q", ErrNotEncrypted, magic)
	}
	if len(b) > offVersion && b[offVersion] != Version {
		return Header{}, fmt.Errorf("encfile: %w: version %d, this build reads version %d", ErrUnsupportedVersion, b[offVersion], Version)
	}
	if len(b) < HeaderSize {
		return Header{}, fmt.Errorf("encfile: %w: %d of %d header bytes", ErrTruncated, len(b), HeaderSize)
	}
	var h Header
	copy(h.raw[:], b)
	if !isKeyID(h.raw[offKeyID : offKeyID+keyIDSize]) {
		return Header{}, fmt.Errorf("encfile: %w: the key id is not %d lower-case hex characters", ErrHeader, keyIDSize)
	}
	if cs := h.chunkSize(); cs < MinChunkSize || cs > MaxChunkSize {
		return Header{}, fmt.Errorf("encfile: %w: chunk size %d is outside [%d, %d]", ErrHeader, cs, MinChunkSize, MaxChunkSize)
	}
	return h, nil
}

// newHeader assembles a header; the caller has checked every argument.
func newHeader(kid string, chunkSize int, fileID *[FileIDSize]byte, w Wrap) Header {
	var h Header
	copy(h.raw[:], magic)
	h.raw[offVersion] = Version
	copy(h.raw[offKeyID:], kid)
	binary.BigEndian.PutUint32(h.raw[offChunkSize:], uint32(chunkSize))
	copy(h.raw[offFileID:], fileID[:])
	copy(h.raw[offWrapNonce:], w.Nonce[:])
	copy(h.raw[offWrappedKey:], w.Key[:])
	return h
}

// valid reports whether h came from ParseHeader or a Writer rather than being the zero Header.
func (h *Header) valid() bool { return h.raw[0] == magic[0] }

// Version returns the format version, always Version for a parsed header.
func (h Header) Version() int { return int(h.raw[offVersion]) }

// KeyID returns the key id of the profile key the file was written with (vault.KeyID).
func (h Header) KeyID() string { return string(h.raw[offKeyID : offKeyID+keyIDSize]) }

// ChunkSize returns the number of plaintext bytes in every chunk but the last.
func (h Header) ChunkSize() int { return h.chunkSize() }

func (h *Header) chunkSize() int { return int(binary.BigEndian.Uint32(h.raw[offChunkSize:])) }

// FileID returns the file's random id, which names it in its sidecar.
func (h Header) FileID() [FileIDSize]byte {
	var id [FileIDSize]byte
	copy(id[:], h.raw[offFileID:])
	return id
}

// Wrap returns the wrap stored in the header: the data key sealed by the profile key KeyID.
func (h Header) Wrap() Wrap {
	w := Wrap{KeyID: h.KeyID()}
	copy(w.Nonce[:], h.raw[offWrapNonce:])
	copy(w.Key[:], h.raw[offWrappedKey:])
	return w
}

// Bytes returns the header's HeaderSize bytes as they are in the file.
func (h Header) Bytes() []byte { return append([]byte(nil), h.raw[:]...) }

// core returns the header core: the associated data of every wrap of the file's data key.
func (h *Header) core() []byte { return h.raw[:coreSize] }

// isKeyID reports whether b is a key id: exactly 16 lower-case hex characters.
func isKeyID[T string | []byte](b T) bool {
	if len(b) != keyIDSize {
		return false
	}
	for i := 0; i < len(b); i++ {
		if c := b[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
