package storagetest

import (
	"crypto/sha256"
	"errors"
	"io"
	"math/rand/v2"
)

// errReader is what a failing reader returns half-way through.
var errReader = errors.New("storagetest: reader failed on purpose")

// generator returns size deterministic pseudo-random bytes for seed, produced on the fly so that
// large objects never sit in memory.
func generator(seed uint64, size int64) io.Reader {
	var s [32]byte
	s[0], s[1] = byte(seed), byte(seed>>8)
	return io.LimitReader(rand.NewChaCha8(s), size)
}

// digest returns the SHA-256 of r's content.
func digest(r io.Reader) ([]byte, int64, error) {
	h := sha256.New()
	n, err := io.Copy(h, r)
	return h.Sum(nil), n, err
}

// failingReader yields the first n bytes of r, then fails with errReader.
type failingReader struct {
	r io.Reader
	n int64
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errReader
	}
	if int64(len(p)) > f.n {
		p = p[:f.n]
	}
	n, err := f.r.Read(p)
	f.n -= int64(n)
	return n, err
}

// hookReader calls hook once, after more than after bytes were read, and fails with errRunaway
// once limit bytes were read, so that a Put ignoring cancellation cannot run forever.
type hookReader struct {
	r            io.Reader
	read         int64
	after, limit int64
	hook         func()
}

var errRunaway = errors.New("storagetest: Put kept reading after its context was cancelled")

func (h *hookReader) Read(p []byte) (int, error) {
	if h.read >= h.limit {
		return 0, errRunaway
	}
	n, err := h.r.Read(p)
	h.read += int64(n)
	if h.hook != nil && h.read > h.after {
		h.hook()
		h.hook = nil
	}
	return n, err
}
