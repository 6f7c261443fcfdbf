package legacy

import (
	"fmt"
	"io"

	"github.com/dbackup/dbackup/internal/compress"
)

// Decompress returns a reader of the decompressed content of r. compression is any name
// NormalizeCompression accepts ("" is none); zstd is accepted too, though the seed never wrote
// it. Close releases the decoder, not r.
func Decompress(r io.Reader, compression string) (io.ReadCloser, error) {
	name := compression
	if name != "zstd" {
		n, err := NormalizeCompression(compression)
		if err != nil {
			return nil, err
		}
		name = n
	}
	if name == "" {
		name = "none"
	}
	rc, err := compress.NewReader(r, compress.Algorithm(name))
	if err != nil {
		return nil, fmt.Errorf("legacy: decompress: %w", err)
	}
	return rc, nil
}
