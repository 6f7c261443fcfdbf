// Package compress streams backups through the compression a job chose: zstd (the default:
// fast and dense), gzip and brotli (for tools that only know those) or none. Each algorithm is a
// kept library (github.com/klauspost/compress for zstd and gzip, github.com/andybalholm/brotli);
// this package only names them, picks their levels, and gives every algorithm the same
// streaming writer/reader shape, so the backup pipeline never holds a whole dump in memory.
package compress

import (
	"errors"
	"fmt"
	"io"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Algorithm names a compression as jobs store it.
type Algorithm string

// The algorithms, as stored in a job's compression column.
const (
	Zstd   Algorithm = "zstd"
	Gzip   Algorithm = "gzip"
	Brotli Algorithm = "brotli"
	None   Algorithm = "none"
)

// Levels: each algorithm's level that trades little density for a lot of speed on database
// dumps, so that compressing never becomes the slowest step of a backup.
const (
	// zstdLevel is zstd's fastest level ("level 1"). On a PostgreSQL dump of mixed text it stores
	// within 1% of pg_dump -Z6's size at five times its speed, and keeps a backup within about
	// 1.4× the time of the bare pg_dump on two cores, where the default level needs 2.1×
	// (docs/benchmarks.md).
	zstdLevel = zstd.SpeedFastest
	// gzipLevel 6 is gzip's own default, what people expect of a .gz file.
	gzipLevel = gzip.DefaultCompression
	// brotliLevel 5 keeps brotli near gzip's speed; its higher levels are an order of magnitude slower.
	brotliLevel = 5
)

// zstdConcurrency 1 encodes inside Write, without extra goroutines: the dump tool and the
// database server already keep other cores busy, and measured on two cores one encoder is faster
// than two (1.42× against 1.55× the bare dump); it also keeps one window in memory.
const zstdConcurrency = 1

// ErrUnknown is returned for a name that is not an Algorithm.
var ErrUnknown = errors.New("unknown compression: use zstd, gzip, brotli or none")

// Parse returns the algorithm named s.
func Parse(s string) (Algorithm, error) {
	switch a := Algorithm(s); a {
	case Zstd, Gzip, Brotli, None:
		return a, nil
	}
	return "", fmt.Errorf("%w (got %q)", ErrUnknown, s)
}

// Extension is the file name suffix of the algorithm's output, such as ".zst"; "" for none.
func (a Algorithm) Extension() string {
	switch a {
	case Zstd:
		return ".zst"
	case Gzip:
		return ".gz"
	case Brotli:
		return ".br"
	}
	return ""
}

// NewWriter returns a writer that compresses into w. Close flushes the algorithm's last frame;
// it does not close w.
func NewWriter(w io.Writer, a Algorithm) (io.WriteCloser, error) {
	switch a {
	case Zstd:
		return zstd.NewWriter(w, zstd.WithEncoderLevel(zstdLevel), zstd.WithEncoderConcurrency(zstdConcurrency))
	case Gzip:
		return gzip.NewWriterLevel(w, gzipLevel)
	case Brotli:
		return brotli.NewWriterLevel(w, brotliLevel), nil
	case None:
		return nopCloser{w}, nil
	}
	return nil, fmt.Errorf("%w (got %q)", ErrUnknown, a)
}

// NewReader returns a reader of the decompressed content of r. Close releases the decoder; it
// does not close r.
func NewReader(r io.Reader, a Algorithm) (io.ReadCloser, error) {
	switch a {
	case Zstd:
		d, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1))
		if err != nil {
			return nil, fmt.Errorf("zstd: %w", err)
		}
		return zstdReader{d}, nil
	case Gzip:
		g, err := gzip.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		return g, nil
	case Brotli:
		return io.NopCloser(brotli.NewReader(r)), nil
	case None:
		return io.NopCloser(r), nil
	}
	return nil, fmt.Errorf("%w (got %q)", ErrUnknown, a)
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// zstdReader adapts zstd.Decoder, whose Close has no error, to io.ReadCloser.
type zstdReader struct{ *zstd.Decoder }

func (z zstdReader) Close() error {
	z.Decoder.Close()
	return nil
}
