package archive

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"testing"
)

// FuzzReader feeds arbitrary bytes to a Reader. It must never panic; memory stays bounded
// because parts, the manifest and entry names have limits (a test run with -fuzz fails on
// excessive memory use). When the Reader accepts an input, the manifest must describe exactly
// what was returned.
func FuzzReader(f *testing.F) {
	f.Add([]byte{})
	f.Add(build(f, 0, 0))
	f.Add(build(f, 0, 0, testDB{name: "app"}))
	f.Add(build(f, 0, 0, testDB{name: "app", data: []byte("PGDMP")}))
	f.Add(build(f, 16, 0,
		testDB{name: "app", data: pattern(40, 1)},
		testDB{name: "my db/ü", data: nil},
		testDB{name: "logs", data: pattern(16, 2)}))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(bytes.NewReader(data))
		var sums []string
		var sizes []int64
		for {
			_, dr, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return
			}
			h := sha256.New()
			// Read only half of some dumps, so that skipping in Next is exercised too.
			src := dr
			if len(sums)%2 == 1 {
				src = io.LimitReader(dr, 7)
			}
			n, err := io.Copy(h, src)
			if err != nil {
				return
			}
			if len(sums)%2 == 1 {
				sums, sizes = append(sums, ""), append(sizes, -1)
				continue
			}
			sums, sizes = append(sums, hex.EncodeToString(h.Sum(nil))), append(sizes, n)
		}
		m, err := r.Manifest()
		if err != nil {
			t.Fatalf("Next returned io.EOF but Manifest failed: %v", err)
		}
		if len(m.Databases) != len(sums) {
			t.Fatalf("manifest lists %d databases, read %d", len(m.Databases), len(sums))
		}
		for i, e := range m.Databases {
			if sizes[i] >= 0 && (e.SHA256 != sums[i] || e.Size != sizes[i]) {
				t.Fatalf("database %d: manifest %d/%s, read %d/%s", i, e.Size, e.SHA256, sizes[i], sums[i])
			}
		}
	})
}
