package legacy

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"errors"
	"fmt"
	"io"
)

// DefaultInMemoryLimit is the largest file Verify opens with the standard library's GCM, which
// needs the whole ciphertext in memory; larger files are verified by the streaming GHASH here.
// 64 MiB keeps the offline tools within the memory budget of the rest of DBackup
// (docs/archive-format.md) while covering most seed backups with a second implementation.
const DefaultInMemoryLimit = 64 << 20

// maxCiphertext is GCM's limit on one message, 2^32 − 2 blocks: beyond it the 32-bit counter
// would repeat, and Node refuses to go on, so a longer "legacy file" is not one.
const maxCiphertext = (1<<32 - 2) * blockSize

// readSize is the size of the reads from the file in both passes.
const readSize = 256 << 10

// Options tune Verify. The zero value uses the defaults.
type Options struct {
	// InMemoryLimit is the size up to which the file is verified in memory with the standard
	// library; 0 means DefaultInMemoryLimit, a negative value always streams.
	InMemoryLimit int64
}

// Verify reads r to its end and checks the GCM tag from m without producing any plaintext. It
// returns nil when the file is authentic under key, and ErrTampered otherwise (a wrong key cannot
// be told from a modified file). Read errors are returned wrapped.
func Verify(r io.Reader, key []byte, m *Meta) error {
	return VerifyWith(r, key, m, Options{})
}

// VerifyWith is Verify with options.
func VerifyWith(r io.Reader, key []byte, m *Meta, opts Options) error {
	if err := checkMeta(m); err != nil {
		return err
	}
	s, err := newStream(key, m.IV)
	if err != nil {
		return err
	}
	limit := opts.InMemoryLimit
	if limit == 0 {
		limit = DefaultInMemoryLimit
	}
	var head []byte
	if limit > 0 {
		var buf bytes.Buffer
		n, err := buf.ReadFrom(io.LimitReader(r, limit+1))
		if err != nil {
			return fmt.Errorf("legacy: read: %w", err)
		}
		if n <= limit {
			return openInMemory(key, m, buf.Bytes())
		}
		head = buf.Bytes()
	}
	s.hash(head)
	buf := make([]byte, readSize)
	for {
		n, err := r.Read(buf)
		s.hash(buf[:n])
		if s.n > maxCiphertext {
			return fmt.Errorf("legacy: %w: longer than GCM allows", ErrTampered)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("legacy: read: %w", err)
		}
	}
	if !s.check(m.AuthTag) {
		return fmt.Errorf("legacy: %w", ErrTampered)
	}
	return nil
}

// openInMemory checks the tag with the standard library's GCM; the plaintext is dropped.
func openInMemory(key []byte, m *Meta, ct []byte) error {
	if len(key) != KeySize {
		return fmt.Errorf("legacy: %w (got %d)", ErrKey, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return fmt.Errorf("legacy: %w", err)
	}
	aead, err := cipher.NewGCMWithNonceSize(block, len(m.IV))
	if err != nil {
		return fmt.Errorf("legacy: %w", err)
	}
	sealed := append(ct, m.AuthTag...)
	pt, err := aead.Open(ct[:0], m.IV, sealed, nil)
	clear(pt)
	if err != nil {
		return fmt.Errorf("legacy: %w", ErrTampered)
	}
	return nil
}

func checkMeta(m *Meta) error {
	if m == nil || !m.Encrypted {
		return fmt.Errorf("legacy: %w: the sidecar describes no encrypted file", ErrMeta)
	}
	if len(m.AuthTag) != TagSize {
		return fmt.Errorf("legacy: %w: authTag is %d bytes, want %d", ErrMeta, len(m.AuthTag), TagSize)
	}
	return nil
}

// Decrypt returns a reader of the plaintext of r (the decrypted, still compressed stream). The
// tag is checked when r ends: the reader then returns ErrTampered instead of io.EOF. Plaintext is
// returned before that check, so a caller must Verify the file first, keep what it writes
// aside, and use it only once Read has returned io.EOF.
func Decrypt(r io.Reader, key []byte, m *Meta) (io.Reader, error) {
	if err := checkMeta(m); err != nil {
		return nil, err
	}
	s, err := newStream(key, m.IV)
	if err != nil {
		return nil, err
	}
	return &decrypter{src: r, s: s, tag: m.AuthTag}, nil
}

type decrypter struct {
	src io.Reader
	s   *stream
	tag []byte
	err error
}

func (d *decrypter) Read(p []byte) (int, error) {
	if d.err != nil {
		return 0, d.err
	}
	n, err := d.src.Read(p)
	if n > 0 {
		d.s.hash(p[:n])
		d.s.xor(p[:n], p[:n])
		if d.s.n > maxCiphertext {
			d.err = fmt.Errorf("legacy: %w: longer than GCM allows", ErrTampered)
			return 0, d.err
		}
	}
	switch {
	case errors.Is(err, io.EOF):
		d.err = io.EOF
		if !d.s.check(d.tag) {
			d.err = fmt.Errorf("legacy: %w", ErrTampered)
		}
		if n > 0 {
			return n, nil
		}
		return 0, d.err
	case err != nil:
		d.err = fmt.Errorf("legacy: read: %w", err)
		return n, nil
	}
	return n, nil
}
