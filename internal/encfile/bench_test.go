package encfile

import (
	"bytes"
	"fmt"
	"io"
	"testing"
)

// benchSize is the plaintext size of one benchmark iteration: large enough that the header and
// the per-file key setup do not show, small enough to stay in memory.
const benchSize = 64 << 20

// BenchmarkWriter measures encryption throughput (MB/s of plaintext) on one core, writing
// through io.Copy (Writer.ReadFrom) and through large Writes.
func BenchmarkWriter(b *testing.B) {
	plain := pattern(benchSize)
	key := testKey(0)
	for _, cs := range []int{64 << 10, DefaultChunkSize, 4 << 20} {
		b.Run(fmt.Sprintf("chunk=%dKiB/Copy", cs>>10), func(b *testing.B) {
			b.SetBytes(benchSize)
			b.ReportAllocs()
			for b.Loop() {
				w, err := NewWriter(io.Discard, key, Options{ChunkSize: cs})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := io.Copy(w, bytes.NewReader(plain)); err != nil {
					b.Fatal(err)
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("chunk=%dKiB/Write32KiB", cs>>10), func(b *testing.B) {
			b.SetBytes(benchSize)
			b.ReportAllocs()
			for b.Loop() {
				w, err := NewWriter(io.Discard, key, Options{ChunkSize: cs})
				if err != nil {
					b.Fatal(err)
				}
				if err := writeIn(w, plain, 32<<10); err != nil {
					b.Fatal(err)
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReader measures decryption throughput (MB/s of plaintext) on one core, reading
// through io.Copy (Reader.WriteTo) and through 32 KiB Reads.
func BenchmarkReader(b *testing.B) {
	plain := pattern(benchSize)
	key := testKey(0)
	for _, cs := range []int{64 << 10, DefaultChunkSize, 4 << 20} {
		file := encrypt(b, plain, key, cs, 1)
		b.Run(fmt.Sprintf("chunk=%dKiB/Copy", cs>>10), func(b *testing.B) {
			b.SetBytes(benchSize)
			b.ReportAllocs()
			for b.Loop() {
				r, err := NewReader(bytes.NewReader(file), Keys(key))
				if err != nil {
					b.Fatal(err)
				}
				if _, err := io.Copy(io.Discard, r); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("chunk=%dKiB/Read32KiB", cs>>10), func(b *testing.B) {
			b.SetBytes(benchSize)
			b.ReportAllocs()
			buf := make([]byte, 32<<10)
			for b.Loop() {
				r, err := NewReader(bytes.NewReader(file), Keys(key))
				if err != nil {
					b.Fatal(err)
				}
				for {
					_, err := r.Read(buf)
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
