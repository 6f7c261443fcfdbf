package encfile

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"

	"github.com/dbackup/dbackup/internal/vault"
)

// Options configure a Writer. The zero value is ready to use.
type Options struct {
	// ChunkSize is the number of plaintext bytes per chunk, in [MinChunkSize, MaxChunkSize];
	// 0 means DefaultChunkSize. A Writer holds one chunk in memory, a Reader two.
	ChunkSize int

	// Rand is the source of the data key, the file id and the wrap nonce, read in that order.
	// nil means crypto/rand.Reader, which is the only sound choice; tests set it to make files
	// reproducible.
	Rand io.Reader
}

// Validate reports whether the options are usable.
func (o Options) Validate() error {
	if o.ChunkSize != 0 && (o.ChunkSize < MinChunkSize || o.ChunkSize > MaxChunkSize) {
		return fmt.Errorf("encfile: chunk size %d is outside [%d, %d]", o.ChunkSize, MinChunkSize, MaxChunkSize)
	}
	return nil
}

func (o Options) withDefaults() Options {
	if o.ChunkSize == 0 {
		o.ChunkSize = DefaultChunkSize
	}
	if o.Rand == nil {
		o.Rand = rand.Reader
	}
	return o
}

// errClosed is returned by Write after Close.
var errClosed = errors.New("encfile: write to closed Writer")

// Writer encrypts a stream into the backup file format. It holds back one chunk: a chunk is
// sealed and written only once the next byte (or Close) shows whether it is the last, so the
// header and chunks reach the underlying writer in pieces of a whole chunk. Close must be
// called: it seals the final chunk, and a file without it does not open (ErrTruncated). A
// Writer is not safe for concurrent use.
type Writer struct {
	dst       io.Writer
	header    Header
	c         *chunkCipher
	buf       []byte // pending plaintext in buf[:n]; cap is chunkSize+TagSize to seal in place
	n         int
	chunkSize int
	index     uint64 // index of the next chunk to seal
	started   bool   // the header has been written
	closed    bool
	err       error // sticky: the first error, returned by every later call
}

var (
	_ io.WriteCloser = (*Writer)(nil)
	_ io.ReaderFrom  = (*Writer)(nil)
)

// NewWriter returns a Writer that encrypts to w under profileKey, with a fresh random data key.
// Nothing is written to w before the first chunk is complete or Close is called, so w may be a
// pipe whose reader starts later. Close does not close w.
func NewWriter(w io.Writer, profileKey vault.Key, opts Options) (*Writer, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if profileKey == (vault.Key{}) {
		return nil, fmt.Errorf("encfile: %w: the profile key is all zeros", vault.ErrInvalidKey)
	}
	opts = opts.withDefaults()

	var dataKey [DataKeySize]byte
	defer clear(dataKey[:])
	var fileID [FileIDSize]byte
	var wrap Wrap
	for _, f := range [][]byte{dataKey[:], fileID[:], wrap.Nonce[:]} {
		if _, err := io.ReadFull(opts.Rand, f); err != nil {
			return nil, fmt.Errorf("encfile: read random bytes: %w", err)
		}
	}
	kid := vault.KeyID(profileKey)
	h := newHeader(kid, opts.ChunkSize, &fileID, Wrap{}) // the core, which the wrap authenticates
	if err := sealWrap(&wrap, &h, profileKey, &dataKey); err != nil {
		return nil, err
	}
	h = newHeader(kid, opts.ChunkSize, &fileID, wrap)

	aead, err := newGCM(dataKey[:])
	if err != nil {
		return nil, err
	}
	return &Writer{
		dst:       w,
		header:    h,
		c:         newChunkCipher(aead, h.raw[:]),
		buf:       make([]byte, 0, opts.ChunkSize+TagSize),
		chunkSize: opts.ChunkSize,
	}, nil
}

// Header returns the file's header, for the sidecar (key id, file id) and for Rewrap.
func (w *Writer) Header() Header { return w.header }

// Write encrypts p. Whole chunks are sealed and written as they fill; the rest waits in the
// Writer's buffer.
func (w *Writer) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	written := 0
	for len(p) > 0 {
		if w.n == w.chunkSize { // more data follows, so the pending chunk is not the last
			if err := w.flush(w.buf[:w.n], false); err != nil {
				return written, err
			}
		}
		if w.n == 0 && len(p) > w.chunkSize { // a whole non-final chunk: seal straight from p
			if err := w.flush(p[:w.chunkSize], false); err != nil {
				return written, err
			}
			p, written = p[w.chunkSize:], written+w.chunkSize
			continue
		}
		k := copy(w.buf[w.n:w.chunkSize], p)
		w.n += k
		p, written = p[k:], written+k
	}
	return written, nil
}

// ReadFrom encrypts everything r yields until io.EOF, reading straight into the chunk buffer;
// io.Copy uses it, which saves a copy of every byte. It does not close the Writer.
func (w *Writer) ReadFrom(r io.Reader) (int64, error) {
	var total int64
	for w.err == nil {
		if w.n < w.chunkSize {
			k, err := r.Read(w.buf[w.n:w.chunkSize])
			w.n += k
			total += int64(k)
			if err == io.EOF {
				return total, nil
			}
			if err != nil {
				return total, err
			}
			continue
		}
		// The chunk is full; it is final unless r has more. Probe into the tag's room after the
		// chunk, then move what came to the start of the buffer once the chunk is sealed.
		var carry [TagSize]byte
		k, err := r.Read(w.buf[w.chunkSize : w.chunkSize+TagSize])
		copy(carry[:], w.buf[w.chunkSize:w.chunkSize+k])
		total += int64(k)
		if k > 0 {
			if ferr := w.flush(w.buf[:w.n], false); ferr != nil {
				return total, ferr
			}
			w.n = copy(w.buf[:TagSize], carry[:k])
		}
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return total, err
		}
	}
	return total, w.err
}

// Close seals and writes the final chunk (an empty one if nothing was written). It does not close
// the underlying writer. Calling Close again returns the same result.
func (w *Writer) Close() error {
	if w.closed {
		if w.err == errClosed {
			return nil
		}
		return w.err
	}
	w.closed = true
	if w.err != nil {
		return w.err
	}
	if err := w.flush(w.buf[:w.n], true); err != nil {
		return err
	}
	w.err = errClosed
	return nil
}

// flush seals plaintext as the next chunk into w.buf and writes it, the header first if this is
// the first chunk. plaintext is either w.buf[:w.n] (sealed in place) or a caller's slice.
func (w *Writer) flush(plaintext []byte, final bool) error {
	if !final && w.index == maxChunkIndex {
		w.err = fmt.Errorf("encfile: chunk %d: %w", w.index, ErrTooLarge)
		return w.err
	}
	ct := w.c.seal(w.buf[:0], plaintext, w.index, final)
	w.index++
	w.n = 0
	if !w.started {
		w.started = true
		if err := writeFull(w.dst, w.header.raw[:]); err != nil {
			w.err = fmt.Errorf("encfile: write header: %w", err)
			return w.err
		}
	}
	if err := writeFull(w.dst, ct); err != nil {
		w.err = fmt.Errorf("encfile: write chunk %d: %w", w.index-1, err)
		return w.err
	}
	return nil
}

// writeFull writes all of p, turning a short write without an error into io.ErrShortWrite.
func writeFull(w io.Writer, p []byte) error {
	n, err := w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	return err
}
