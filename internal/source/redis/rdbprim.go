package redis

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// String encodings that follow a length byte of the form 11xxxxxx.
const (
	encInt8  = 0
	encInt16 = 1
	encInt32 = 2
	encLZF   = 3
)

// noEOF turns a plain end of stream inside a structure into a truncation.
func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// consumed feeds bytes read to the checksum and, while a value is read, to the capture.
func (rd *rdbReader) consumed(p []byte) {
	rd.crc = crcUpdate(rd.crc, p)
	if rd.capture != nil {
		rd.capture.Write(p)
	}
}

func (rd *rdbReader) byte() (byte, error) {
	b, err := rd.r.ReadByte()
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrCorrupt, noEOF(err))
	}
	rd.consumed([]byte{b})
	return b, nil
}

func (rd *rdbReader) full(p []byte) error {
	if _, err := io.ReadFull(rd.r, p); err != nil {
		return fmt.Errorf("%w: %w", ErrCorrupt, noEOF(err))
	}
	rd.consumed(p)
	return nil
}

// discardChunk is the buffer in which discard reads; values are usually much smaller.
const discardChunk = 32 << 10

// discard reads n bytes in chunks, so that a corrupt n fails at the end of the stream instead
// of allocating n bytes.
func (rd *rdbReader) discard(n uint64) error {
	var buf [discardChunk]byte
	for n > 0 {
		chunk := buf[:min(n, uint64(len(buf)))]
		if err := rd.full(chunk); err != nil {
			return err
		}
		n -= uint64(len(chunk))
	}
	return nil
}

// lengthOrEncoding reads a length; encoded reports the 11xxxxxx form, where n is one of the
// enc constants instead.
func (rd *rdbReader) lengthOrEncoding() (n uint64, encoded bool, err error) {
	b, err := rd.byte()
	if err != nil {
		return 0, false, err
	}
	switch b >> 6 {
	case 0:
		return uint64(b & 0x3F), false, nil
	case 1:
		next, err := rd.byte()
		return uint64(b&0x3F)<<8 | uint64(next), false, err
	case 3:
		return uint64(b & 0x3F), true, nil
	}
	switch b {
	case 0x80:
		var p [4]byte
		err = rd.full(p[:])
		return uint64(binary.BigEndian.Uint32(p[:])), false, err
	case 0x81:
		var p [8]byte
		err = rd.full(p[:])
		return binary.BigEndian.Uint64(p[:]), false, err
	}
	return 0, false, fmt.Errorf("%w: length byte %#x", ErrCorrupt, b)
}

func (rd *rdbReader) length() (uint64, error) {
	n, encoded, err := rd.lengthOrEncoding()
	if err == nil && encoded {
		err = fmt.Errorf("%w: encoded string where a length belongs", ErrCorrupt)
	}
	return n, err
}

func (rd *rdbReader) skipLengths(n int) error {
	for range n {
		if _, err := rd.length(); err != nil {
			return err
		}
	}
	return nil
}

// skipStrings reads a length n followed by n×per strings.
func (rd *rdbReader) skipStrings(per uint64) error {
	n, err := rd.length()
	for i := uint64(0); err == nil && i < n*per; i++ {
		err = rd.skipString()
	}
	return err
}

func (rd *rdbReader) skipString() error {
	_, err := rd.string(false)
	return err
}

// str reads and decodes a string.
func (rd *rdbReader) str() ([]byte, error) { return rd.string(true) }

// string reads a string, and decodes it (integers to decimal, LZF decompressed) when decode
// is set.
func (rd *rdbReader) string(decode bool) ([]byte, error) {
	n, encoded, err := rd.lengthOrEncoding()
	if err != nil {
		return nil, err
	}
	if !encoded {
		return rd.bytes(n, decode)
	}
	var p [4]byte
	switch n {
	case encInt8:
		err = rd.full(p[:1])
		return []byte(strconv.Itoa(int(int8(p[0])))), err
	case encInt16:
		err = rd.full(p[:2])
		return []byte(strconv.Itoa(int(int16(binary.LittleEndian.Uint16(p[:]))))), err
	case encInt32:
		err = rd.full(p[:4])
		return []byte(strconv.Itoa(int(int32(binary.LittleEndian.Uint32(p[:]))))), err
	case encLZF:
		clen, err := rd.length()
		if err != nil {
			return nil, err
		}
		ulen, err := rd.length()
		if err != nil {
			return nil, err
		}
		if ulen > maxStringLen || ulen > clen*lzfMaxRatio {
			return nil, fmt.Errorf("%w: LZF string of %d bytes from %d", ErrCorrupt, ulen, clen)
		}
		in, err := rd.bytes(clen, decode)
		if err != nil || !decode {
			return nil, err
		}
		return lzfDecompress(in, int(ulen))
	}
	return nil, fmt.Errorf("%w: string encoding %d", ErrCorrupt, n)
}

// bytes reads n bytes, returning them when keep is set; it grows its buffer as data arrives,
// so that a corrupt n fails at the end of the stream instead of allocating n bytes.
func (rd *rdbReader) bytes(n uint64, keep bool) ([]byte, error) {
	if n > maxStringLen {
		return nil, fmt.Errorf("%w: string of %d bytes", ErrCorrupt, n)
	}
	if !keep {
		return nil, rd.discard(n)
	}
	var buf bytes.Buffer
	if _, err := io.CopyN(&buf, rd.r, int64(n)); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCorrupt, noEOF(err))
	}
	rd.consumed(buf.Bytes())
	return buf.Bytes(), nil
}

// lzfDecompress expands LZF data (liblzf's format, which Redis uses) to exactly n bytes.
func lzfDecompress(in []byte, n int) ([]byte, error) {
	out := make([]byte, 0, n)
	corrupt := fmt.Errorf("%w: LZF data", ErrCorrupt)
	for i := 0; i < len(in); {
		ctrl := int(in[i])
		i++
		if ctrl < 32 { // a literal run of ctrl+1 bytes
			run := ctrl + 1
			if i+run > len(in) || len(out)+run > n {
				return nil, corrupt
			}
			out = append(out, in[i:i+run]...)
			i += run
			continue
		}
		run := ctrl >> 5 // a back reference
		if run == 7 {
			if i >= len(in) {
				return nil, corrupt
			}
			run += int(in[i])
			i++
		}
		if i >= len(in) {
			return nil, corrupt
		}
		ref := len(out) - (ctrl&0x1F)<<8 - int(in[i]) - 1
		i++
		run += 2
		if ref < 0 || len(out)+run > n {
			return nil, corrupt
		}
		for k := range run { // byte by byte: the reference may overlap what it writes
			out = append(out, out[ref+k])
		}
	}
	if len(out) != n {
		return nil, corrupt
	}
	return out, nil
}
