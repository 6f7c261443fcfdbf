package redis

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc64"
	"io"
	"strconv"
)

// ErrCorrupt is returned, wrapped, when an RDB stream or a value in it is malformed.
var ErrCorrupt = errors.New("corrupt RDB stream")

// ErrUnsupported is returned, wrapped, for RDB content this reader cannot replay: a value
// type or opcode of a newer server than it knows, or a module type of the old (v1) format.
var ErrUnsupported = errors.New("unsupported RDB content")

// rdbMagic starts every RDB file of Redis and of Valkey before 9, followed by the version as
// four decimal digits.
const rdbMagic = "REDIS"

// valkeyMagic starts the RDB files of Valkey 9 and later ("VALKEY080"), whose format has
// diverged from Redis's: Dump stores them, but Restore cannot replay them.
const valkeyMagic = "VALKEY"

// maxRDBVersion is the newest RDB version whose value types this reader knows: 12 is
// Redis 7.4's, 11 Redis 7.2's and Valkey 7.2/8's, 10 Redis 7.0's.
const maxRDBVersion = 12

// maxStringLen bounds one string of the stream (a key, a value, a listpack), the same bound
// Redis puts on a bulk string by default (proto-max-bulk-len), so that a corrupt length cannot
// make the reader allocate without bound.
const maxStringLen = 512 << 20

// rdbReadBuffer is the read buffer of the stream: large enough that the byte-sized reads of
// the framing rarely reach the underlying reader.
const rdbReadBuffer = 64 << 10

// lzfMaxRatio bounds how much LZF can expand: one 3-byte back reference yields at most 264
// bytes, so a claimed uncompressed length above 88 times the compressed one is corrupt.
const lzfMaxRatio = 88

// crcTable is the CRC-64/Jones table (reflected polynomial 0xad93d23594c935a9) that RDB files
// and DUMP payloads carry; Go's crc64 takes the polynomial bit-reversed.
var crcTable = crc64.MakeTable(0x95ac9329ac4bc9b5)

// crcUpdate extends the Redis CRC-64 state crc, which starts at 0 and has no final XOR (Go's
// crc64 inverts on the way in and out, so the state is inverted around the call).
func crcUpdate(crc uint64, p []byte) uint64 { return ^crc64.Update(^crc, crcTable, p) }

// RDB opcodes and value types, as rdb.h numbers them.
const (
	opSlotInfo   = 0xF4
	opFunction2  = 0xF5
	opFunction   = 0xF6 // pre-release Redis 7.0 functions; never in a released server's file
	opModuleAux  = 0xF7
	opIdle       = 0xF8
	opFreq       = 0xF9
	opAux        = 0xFA
	opResizeDB   = 0xFB
	opExpireMS   = 0xFC
	opExpire     = 0xFD
	opSelectDB   = 0xFE
	opEOF        = 0xFF
	typeString   = 0
	typeList     = 1
	typeSet      = 2
	typeZSet     = 3
	typeHash     = 4
	typeZSet2    = 5
	typeModule   = 6
	typeModule2  = 7
	typeZipmap   = 9
	typeQuick    = 14
	typeStream   = 15
	typeQuick2   = 18
	typeStream2  = 19
	typeSetLP    = 20
	typeStream3  = 21
	moduleOpEOF  = 0
	moduleOpSInt = 1
	moduleOpUInt = 2
	moduleOpF32  = 3
	moduleOpF64  = 4
	moduleOpStr  = 5
)

// rdbEntry is one key of an RDB stream.
type rdbEntry struct {
	DB  int
	Key []byte
	// ExpireAt is the key's expiry in Unix milliseconds, 0 when it has none.
	ExpireAt int64
	// Payload is the value in the format of DUMP, which RESTORE takes: the serialized value,
	// the RDB version and a CRC-64.
	Payload []byte
}

// rdbHandler receives what readRDB decodes, in stream order.
type rdbHandler struct {
	// Key is called once per key.
	Key func(e rdbEntry) error
	// Function is called with the source of each function library (Redis 7 and later).
	Function func(code []byte) error
}

// rdbReader decodes an RDB stream. It keeps the running file checksum and, while a value is
// read, a copy of its raw bytes.
type rdbReader struct {
	r       *bufio.Reader
	crc     uint64
	version int
	capture *bytes.Buffer
}

// readRDB reads an RDB stream to its end, calling h for each key and function library; see
// rdbReader.each.
func readRDB(r io.Reader, h rdbHandler) error {
	rd, err := newRDBReader(r)
	if err != nil {
		return err
	}
	return rd.each(h)
}

// newRDBReader reads and checks the header of the RDB stream r, so that a stream that is not
// an RDB, or one of a version this reader does not know, is refused before anything is done
// with it.
func newRDBReader(r io.Reader) (*rdbReader, error) {
	rd := &rdbReader{r: bufio.NewReaderSize(r, rdbReadBuffer)}
	header := make([]byte, len(rdbMagic)+4)
	if err := rd.full(header); err != nil {
		return nil, fmt.Errorf("%w: header: %w", ErrCorrupt, err)
	}
	if string(header[:len(valkeyMagic)]) == valkeyMagic {
		return nil, fmt.Errorf("%w: the RDB format of Valkey 9 (%s)", ErrUnsupported, header)
	}
	if string(header[:len(rdbMagic)]) != rdbMagic {
		return nil, fmt.Errorf("%w: no %s magic", ErrCorrupt, rdbMagic)
	}
	v, err := strconv.Atoi(string(header[len(rdbMagic):]))
	if err != nil || v < 1 {
		return nil, fmt.Errorf("%w: version %q", ErrCorrupt, header[len(rdbMagic):])
	}
	if v > maxRDBVersion {
		return nil, fmt.Errorf("%w: RDB version %d is newer than %d", ErrUnsupported, v, maxRDBVersion)
	}
	rd.version = v
	return rd, nil
}

// each reads the rest of the stream, calling h for each key and function library. It decodes
// keys and the framing of values only: values are passed on in their serialized form, so every
// type the reader can frame is replayed exactly, including module types. The file checksum is
// checked at the end, after h has seen every key.
func (rd *rdbReader) each(h rdbHandler) error {
	db := 0
	var expireAt int64
	for {
		op, err := rd.byte()
		if err != nil {
			return err
		}
		switch op {
		case opEOF:
			return rd.checksum()
		case opSelectDB:
			n, err := rd.length()
			if err != nil {
				return err
			}
			db = int(n)
		case opResizeDB:
			err = rd.skipLengths(2)
		case opSlotInfo:
			err = rd.skipLengths(3)
		case opExpireMS:
			var b [8]byte
			err = rd.full(b[:])
			expireAt = int64(binary.LittleEndian.Uint64(b[:]))
		case opExpire:
			var b [4]byte
			err = rd.full(b[:])
			expireAt = int64(binary.LittleEndian.Uint32(b[:])) * 1000
		case opAux:
			if err = rd.skipString(); err == nil {
				err = rd.skipString()
			}
		case opFreq:
			_, err = rd.byte()
		case opIdle:
			_, err = rd.length()
		case opModuleAux:
			if _, err = rd.length(); err == nil {
				err = rd.skipModule()
			}
		case opFunction2:
			var code []byte
			if code, err = rd.str(); err == nil && h.Function != nil {
				err = h.Function(code)
			}
		case opFunction:
			return fmt.Errorf("%w: functions of a pre-release Redis 7.0", ErrUnsupported)
		default:
			e, err := rd.entry(op)
			if err != nil {
				return err
			}
			e.DB, e.ExpireAt = db, expireAt
			expireAt = 0
			if err := h.Key(e); err != nil {
				return err
			}
		}
		if err != nil {
			return err
		}
	}
}

// entry reads the key and the value of type t, and returns them with the value as a DUMP
// payload.
func (rd *rdbReader) entry(t byte) (rdbEntry, error) {
	key, err := rd.str()
	if err != nil {
		return rdbEntry{}, err
	}
	var raw bytes.Buffer
	raw.WriteByte(t)
	rd.capture = &raw
	err = rd.skipValue(t)
	rd.capture = nil
	if err != nil {
		return rdbEntry{}, fmt.Errorf("key %q: %w", key, err)
	}
	raw.Write(binary.LittleEndian.AppendUint16(nil, uint16(rd.version)))
	raw.Write(binary.LittleEndian.AppendUint64(nil, crcUpdate(0, raw.Bytes())))
	return rdbEntry{Key: key, Payload: raw.Bytes()}, nil
}

// skipValue reads a value of type t, which the capture keeps.
func (rd *rdbReader) skipValue(t byte) error {
	switch {
	case t == typeString, t >= typeZipmap && t <= 13, t == 16, t == 17, t == typeSetLP:
		// A string, or one string holding a ziplist, intset, listpack or zipmap.
		return rd.skipString()
	case t == typeList, t == typeSet, t == typeQuick:
		return rd.skipStrings(1)
	case t == typeHash:
		return rd.skipStrings(2)
	case t == typeZSet, t == typeZSet2:
		n, err := rd.length()
		for i := uint64(0); err == nil && i < n; i++ {
			if err = rd.skipString(); err == nil {
				err = rd.skipScore(t)
			}
		}
		return err
	case t == typeQuick2:
		n, err := rd.length()
		for i := uint64(0); err == nil && i < n; i++ {
			if _, err = rd.length(); err == nil { // container: plain or packed
				err = rd.skipString()
			}
		}
		return err
	case t == typeStream, t == typeStream2, t == typeStream3:
		return rd.skipStream(t)
	case t == typeModule2:
		if _, err := rd.length(); err != nil { // module id
			return err
		}
		return rd.skipModule()
	case t == typeModule:
		return fmt.Errorf("%w: module value of the old (v1) format", ErrUnsupported)
	}
	return fmt.Errorf("%w: value type %d (from a newer server, or not a value)", ErrUnsupported, t)
}

// skipScore reads a sorted-set score: a binary double for typeZSet2, else a length-prefixed
// decimal whose lengths 253–255 stand for NaN and ±infinity.
func (rd *rdbReader) skipScore(t byte) error {
	if t == typeZSet2 {
		return rd.discard(8)
	}
	n, err := rd.byte()
	if err != nil || n >= 253 {
		return err
	}
	return rd.discard(uint64(n))
}

// skipStream reads a stream: its listpacks, its metadata, and its consumer groups with their
// pending entries and consumers; Redis 7 (type 19) added IDs and counters, 7.2 (type 21) the
// consumers' active time.
func (rd *rdbReader) skipStream(t byte) error {
	if err := rd.skipStrings(2); err != nil { // node keys and listpacks
		return err
	}
	meta := 3 // length, last ID (ms, seq)
	if t >= typeStream2 {
		meta += 5 // first ID, max deleted ID, entries added
	}
	if err := rd.skipLengths(meta); err != nil {
		return err
	}
	groups, err := rd.length()
	for g := uint64(0); err == nil && g < groups; g++ {
		err = rd.skipGroup(t)
	}
	return err
}

// rawIDLen is the size of a stream ID in a pending entries list: two big-endian uint64s.
const rawIDLen = 16

func (rd *rdbReader) skipGroup(t byte) error {
	if err := rd.skipString(); err != nil { // name
		return err
	}
	counters := 2 // last delivered ID
	if t >= typeStream2 {
		counters++ // entries read
	}
	if err := rd.skipLengths(counters); err != nil {
		return err
	}
	pending, err := rd.length()
	for i := uint64(0); err == nil && i < pending; i++ {
		if err = rd.discard(rawIDLen + 8); err == nil { // ID, delivery time
			_, err = rd.length() // delivery count
		}
	}
	if err != nil {
		return err
	}
	consumers, err := rd.length()
	for i := uint64(0); err == nil && i < consumers; i++ {
		err = rd.skipString() // name
		if err == nil {
			err = rd.discard(8) // seen time
		}
		if err == nil && t >= typeStream3 {
			err = rd.discard(8) // active time
		}
		var n uint64
		if err == nil {
			n, err = rd.length()
		}
		if err == nil && n > maxStringLen {
			err = fmt.Errorf("%w: %d pending IDs", ErrCorrupt, n)
		}
		if err == nil {
			err = rd.discard(n * rawIDLen)
		}
	}
	return err
}

// skipModule reads module data in its self-describing form (RDB 9 and later): typed fields
// up to an EOF opcode.
func (rd *rdbReader) skipModule() error {
	for {
		op, err := rd.length()
		if err != nil {
			return err
		}
		switch op {
		case moduleOpEOF:
			return nil
		case moduleOpSInt, moduleOpUInt:
			_, err = rd.length()
		case moduleOpF32:
			err = rd.discard(4)
		case moduleOpF64:
			err = rd.discard(8)
		case moduleOpStr:
			err = rd.skipString()
		default:
			return fmt.Errorf("%w: module opcode %d", ErrCorrupt, op)
		}
		if err != nil {
			return err
		}
	}
}

// checksum reads the CRC-64 after the EOF opcode (RDB 5 and later) and compares it with the
// bytes read; 0 means the server was configured not to compute one.
func (rd *rdbReader) checksum() error {
	if rd.version < 5 {
		return nil
	}
	want := rd.crc
	var b [8]byte
	if _, err := io.ReadFull(rd.r, b[:]); err != nil {
		return fmt.Errorf("%w: checksum: %w", ErrCorrupt, noEOF(err))
	}
	if got := binary.LittleEndian.Uint64(b[:]); got != 0 && got != want {
		return fmt.Errorf("%w: checksum %016x, computed %016x", ErrCorrupt, got, want)
	}
	return nil
}
