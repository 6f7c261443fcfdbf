package encfile

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"
)

// fuzzSeeds returns files for the fuzz corpus: every length class of a small chunk size, one
// file with an extra wrap, and their plaintexts by file.
func fuzzSeeds(f *testing.F) map[string][]byte {
	plains := map[string][]byte{}
	for i, n := range []int{0, 1, MinChunkSize - 1, MinChunkSize, MinChunkSize + 1, 2*MinChunkSize + 5} {
		plain := pattern(n)
		plains[string(encrypt(f, plain, key1, MinChunkSize, uint64(100+i)))] = plain
	}
	plains[string(encrypt(f, pattern(70), key2, MinChunkSize, 200))] = pattern(70)
	return plains
}

// FuzzReadHeader checks that ReadHeader never panics, reads no more than a header, and accepts
// only headers whose fields are within the format's bounds and encode back to the same bytes.
func FuzzReadHeader(f *testing.F) {
	for file := range fuzzSeeds(f) {
		f.Add([]byte(file))
		f.Add([]byte(file)[:HeaderSize-1])
	}
	f.Add([]byte(magic + "\x02"))
	f.Add([]byte("-- PostgreSQL database dump"))
	f.Fuzz(func(t *testing.T, in []byte) {
		src := bytes.NewReader(in)
		h, err := ReadHeader(src)
		if read := len(in) - src.Len(); read > HeaderSize {
			t.Fatalf("ReadHeader read %d bytes", read)
		}
		h2, err2 := ParseHeader(in)
		if (err == nil) != (err2 == nil) || h != h2 {
			t.Fatalf("ReadHeader and ParseHeader disagree: %v / %v", err, err2)
		}
		if err != nil {
			return
		}
		if !bytes.Equal(h.Bytes(), in[:HeaderSize]) || h.Version() != Version || !isKeyID(h.KeyID()) ||
			h.ChunkSize() < MinChunkSize || h.ChunkSize() > MaxChunkSize {
			t.Fatalf("accepted an invalid header: % x", in[:HeaderSize])
		}
		fid := h.FileID()
		w := h.Wrap()
		if again := newHeader(h.KeyID(), h.ChunkSize(), &fid, w); again != h {
			t.Fatalf("header does not encode back to its bytes")
		}
	})
}

// FuzzReader checks that a Reader never panics, and never returns anything but the exact
// plaintext of one of the seed files: any other input must fail before it releases a byte
// that is not a prefix of a seed's plaintext.
func FuzzReader(f *testing.F) {
	seeds := fuzzSeeds(f)
	var plains [][]byte
	for file, plain := range seeds {
		f.Add([]byte(file))
		plains = append(plains, plain)
	}
	keys := Keys(key1, key2)
	f.Fuzz(func(t *testing.T, in []byte) {
		r, err := NewReader(bytes.NewReader(in), keys)
		if err != nil {
			return
		}
		got, err := io.ReadAll(r)
		if err == nil {
			if want, ok := seeds[string(in)]; !ok || !bytes.Equal(got, want) {
				t.Fatalf("accepted a file that is not a seed (%d bytes), giving %d bytes", len(in), len(got))
			}
			return
		}
		for _, p := range plains {
			if bytes.HasPrefix(p, got) {
				return
			}
		}
		t.Fatalf("returned %d bytes that are no seed's plaintext before failing with %v", len(got), err)
	})
}

// FuzzWrapJSON checks that a Wrap's JSON parser never panics and that whatever it accepts
// encodes back to a form that parses to the same Wrap.
func FuzzWrapJSON(f *testing.F) {
	for file := range fuzzSeeds(f) {
		h, err := ParseHeader([]byte(file))
		if err != nil {
			f.Fatal(err)
		}
		b, err := json.Marshal(h.Wrap())
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"alg":"A256GCM","kid":"","nonce":"","wrapped_key":""}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, in []byte) {
		var w Wrap
		if err := json.Unmarshal(in, &w); err != nil {
			return
		}
		if w == (Wrap{}) && string(bytes.TrimSpace(in)) == "null" {
			return // JSON null leaves the value alone
		}
		out, err := json.Marshal(w)
		if err != nil {
			t.Fatalf("accepted %q but cannot encode it: %v", in, err)
		}
		var back Wrap
		if err := json.Unmarshal(out, &back); err != nil || back != w {
			t.Fatalf("%q does not round-trip: %q, %v", in, out, err)
		}
	})
}
