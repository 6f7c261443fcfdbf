package encfile

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dbackup/dbackup/internal/vault"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/encfile from the generator")

// vectorDir holds the test vectors, shared with the Node.js recovery script's tests.
const vectorDir = "../../testdata/encfile"

// vector is one test vector as stored in <name>.json beside <name>.bin. Vectors made by the
// writer have Writer, Header and Chunks; tampered ones have DerivedFrom and Tamper instead.
type vector struct {
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Expect      string      `json:"expect"` // "ok", or the name of the error a reader must fail with
	Keys        []string    `json:"keys"`   // profile keys (hex) the reader is given
	ExtraWraps  []Wrap      `json:"extra_wraps,omitempty"`
	Plaintext   *plainInfo  `json:"plaintext,omitempty"`
	File        fileInfo    `json:"file"`
	Writer      *writerInfo `json:"writer,omitempty"`
	Header      *headerInfo `json:"header,omitempty"`
	Chunks      []chunkInfo `json:"chunks,omitempty"`
	Rewrap      *rewrapInfo `json:"rewrap,omitempty"`
	DerivedFrom string      `json:"derived_from,omitempty"`
}

type plainInfo struct {
	Size   int    `json:"size"`
	SHA256 string `json:"sha256"`
	Rule   string `json:"rule,omitempty"`
	Hex    string `json:"hex,omitempty"`
}

type fileInfo struct {
	Size   int    `json:"size"`
	SHA256 string `json:"sha256"`
}

// writerInfo is everything the writer used: with it an encoder reproduces the file exactly.
type writerInfo struct {
	ProfileKey string `json:"profile_key"`
	KeyID      string `json:"kid"`
	ChunkSize  int    `json:"chunk_size"`
	DataKey    string `json:"data_key"`
	FileID     string `json:"file_id"`
	WrapNonce  string `json:"wrap_nonce"`
}

type headerInfo struct {
	Hex        string `json:"hex"`
	SHA256     string `json:"sha256"` // the associated data of every chunk
	Core       string `json:"core"`   // bytes 0..44, the associated data of every wrap
	Magic      string `json:"magic"`
	Version    int    `json:"version"`
	KeyID      string `json:"kid"`
	ChunkSize  int    `json:"chunk_size"`
	FileID     string `json:"file_id"`
	WrapNonce  string `json:"wrap_nonce"`
	WrappedKey string `json:"wrapped_key"`
}

type chunkInfo struct {
	Index  int    `json:"index"`
	Offset int    `json:"offset"`
	Size   int    `json:"size"` // ciphertext and tag
	Final  bool   `json:"final"`
	Nonce  string `json:"nonce"`
}

type rewrapInfo struct {
	NewKey string `json:"new_key"`
	Nonce  string `json:"nonce"`
}

// plainRule describes pattern, so that large plaintexts need not be stored.
const plainRule = "byte i is i mod 251"

// maxPlainHex is the largest plaintext whose hex goes into the JSON; larger ones are given by
// plainRule, size and SHA-256 only.
const maxPlainHex = 1024

// vectorSpec says how to generate one vector.
type vectorSpec struct {
	name, description string
	writerKey         vault.Key
	chunkSize         int
	plain             []byte
	text              bool        // plain is text, not the pattern
	rewrapTo          *vault.Key  // add an extra wrap of the data key under this key
	keys              []vault.Key // what the reader is given; nil means the writer's key

	from   string              // tampered: the vector this one changes
	tamper func([]byte) []byte // tampered: the change, on a copy
	raw    []byte              // tampered: bytes not derived from another vector
	extra  func(map[string]*genVector) []Wrap
	expect error
}

type genVector struct {
	json []byte
	bin  []byte
	v    vector
}

var (
	key1 = testKey(0)
	key2 = testKey(0x20)
)

func vectorSpecs() []vectorSpec {
	pat := func(name, desc string, cs, n int) vectorSpec {
		return vectorSpec{name: name, description: desc, writerKey: key1, chunkSize: cs, plain: pattern(n)}
	}
	const big = 3*MinChunkSize + 7
	at := func(off int, b ...byte) func([]byte) []byte {
		return func(f []byte) []byte { copy(f[off:], b); return f }
	}
	flip := func(off int, bit byte) func([]byte) []byte {
		return func(f []byte) []byte { f[off] ^= bit; return f }
	}
	chunk := func(f []byte, i int) []byte { c := chunkBounds(f, MinChunkSize)[i]; return f[c[0]:c[1]] }
	return []vectorSpec{
		pat("empty", "empty plaintext: one empty final chunk", MinChunkSize, 0),
		pat("one-byte", "1 byte", MinChunkSize, 1),
		{name: "short-text", description: "13 bytes of text, the worked example of docs/backup-format.md", writerKey: key1, chunkSize: MinChunkSize, plain: []byte("hello, world\n"), text: true},
		pat("chunk-minus-one", "chunk size − 1 bytes: one final chunk", MinChunkSize, MinChunkSize-1),
		pat("one-chunk", "exactly one chunk: a full final chunk, no empty chunk after it", MinChunkSize, MinChunkSize),
		pat("chunk-plus-one", "chunk size + 1 bytes: a full chunk and a final chunk of 1 byte", MinChunkSize, MinChunkSize+1),
		pat("three-chunks-plus-7", "3 full chunks and a final chunk of 7 bytes; the tampered vectors derive from it", MinChunkSize, big),
		pat("default-chunk-size", "1000 bytes at the default chunk size of 1 MiB", DefaultChunkSize, 1000),
		pat("pattern-20000", "20000 bytes in chunks of 4096: 4 full chunks and a final one of 3616 bytes", 4096, 20000),
		{name: "key2", description: "written under key 2", writerKey: key2, chunkSize: 128, plain: pattern(300)},
		{name: "rewrapped", description: "written under key 1, opened with key 2 through an extra wrap (sidecar) made by Rewrap", writerKey: key1, chunkSize: MinChunkSize, plain: pattern(150), rewrapTo: &key2, keys: []vault.Key{key2}},

		{name: "not-encrypted", description: "a plain SQL dump", raw: []byte("-- PostgreSQL database dump\n"), expect: ErrNotEncrypted},
		{name: "empty-file", description: "a file of 0 bytes", raw: []byte{}, expect: ErrTruncated},
		{name: "bad-magic", from: "three-chunks-plus-7", description: "magic byte 1 changed", tamper: flip(1, 0x20), expect: ErrNotEncrypted},
		{name: "version-2", from: "three-chunks-plus-7", description: "version byte set to 2", tamper: at(offVersion, 2), expect: ErrUnsupportedVersion},
		{name: "kid-uppercase", from: "three-chunks-plus-7", description: "first key id character in upper case", tamper: at(offKeyID, 'E'), expect: ErrHeader},
		{name: "chunk-size-too-small", from: "three-chunks-plus-7", description: "chunk size set to 32, below the minimum", tamper: at(offChunkSize, 0, 0, 0, 32), expect: ErrHeader},
		{name: "header-truncated", from: "three-chunks-plus-7", description: "only the first 60 bytes", tamper: func(f []byte) []byte { return f[:60] }, expect: ErrTruncated},
		{name: "unknown-key", from: "three-chunks-plus-7", description: "unchanged, but the reader has only key 2", tamper: func(f []byte) []byte { return f }, keys: []vault.Key{key2}, expect: ErrUnknownKey},
		{name: "kid-of-other-key", from: "three-chunks-plus-7", description: "header key id replaced by key 2's; the reader has both keys", tamper: at(offKeyID, []byte(vault.KeyID(key2))...), keys: []vault.Key{key1, key2}, expect: ErrWrongKey},
		{name: "chunk-size-changed", from: "three-chunks-plus-7", description: "chunk size 64 changed to 65 (still valid, but the wrap no longer opens)", tamper: at(offChunkSize+3, 65), expect: ErrWrongKey},
		{name: "file-id-bit-flip", from: "three-chunks-plus-7", description: "one bit of the file id flipped", tamper: flip(offFileID, 0x01), expect: ErrWrongKey},
		{name: "wrapped-key-bit-flip", from: "three-chunks-plus-7", description: "one bit of the wrapped data key flipped", tamper: flip(offWrappedKey+5, 0x80), expect: ErrWrongKey},
		{name: "body-bit-flip", from: "three-chunks-plus-7", description: "one bit of chunk 1's ciphertext flipped", tamper: flip(HeaderSize+MinChunkSize+TagSize+3, 0x04), expect: ErrTampered},
		{name: "tag-bit-flip", from: "three-chunks-plus-7", description: "one bit of the final chunk's tag flipped", tamper: func(f []byte) []byte { f[len(f)-1] ^= 1; return f }, expect: ErrTampered},
		{name: "chunks-swapped", from: "three-chunks-plus-7", description: "chunks 0 and 1 swapped", tamper: func(f []byte) []byte {
			c0, c1 := cloneBytes(chunk(f, 0)), cloneBytes(chunk(f, 1))
			copy(chunk(f, 0), c1)
			copy(chunk(f, 1), c0)
			return f
		}, expect: ErrTampered},
		{name: "chunk-from-other-file", from: "three-chunks-plus-7", description: "chunk 1 replaced by chunk 1 of chunk-plus-one (same key and chunk size, another data key)", tamper: nil, expect: ErrTampered},
		{name: "final-chunk-missing", from: "three-chunks-plus-7", description: "the final chunk removed: the file ends after a non-final chunk", tamper: func(f []byte) []byte { return f[:HeaderSize+3*(MinChunkSize+TagSize)] }, expect: ErrTruncated},
		{name: "truncated-mid-chunk", from: "three-chunks-plus-7", description: "cut 30 bytes into chunk 2", tamper: func(f []byte) []byte { return f[:HeaderSize+2*(MinChunkSize+TagSize)+30] }, expect: ErrTampered},
		{name: "truncated-short-chunk", from: "three-chunks-plus-7", description: "cut 10 bytes into the final chunk: too short to hold a tag", tamper: func(f []byte) []byte { return f[:HeaderSize+3*(MinChunkSize+TagSize)+10] }, expect: ErrTruncated},
		{name: "trailing-data", from: "one-chunk", description: "one zero byte after a full-size final chunk", tamper: func(f []byte) []byte { return append(f, 0) }, expect: ErrTrailingData},
		{name: "trailing-after-short-final", from: "three-chunks-plus-7", description: "a line feed after a short final chunk: indistinguishable from a changed final chunk", tamper: func(f []byte) []byte { return append(f, '\n') }, expect: ErrTampered},
		{name: "rewrap-of-other-file", from: "three-chunks-plus-7", description: "unchanged, opened with key 2 and the extra wrap of the rewrapped vector, which belongs to another file", tamper: func(f []byte) []byte { return f }, keys: []vault.Key{key2}, extra: func(all map[string]*genVector) []Wrap { return all["rewrapped"].v.ExtraWraps }, expect: ErrWrongKey},
	}
}

// errorNames are the names the vectors use for the sentinels.
var errorNames = map[string]error{
	"ErrNotEncrypted": ErrNotEncrypted, "ErrUnsupportedVersion": ErrUnsupportedVersion,
	"ErrHeader": ErrHeader, "ErrUnknownKey": ErrUnknownKey, "ErrWrongKey": ErrWrongKey,
	"ErrTampered": ErrTampered, "ErrTruncated": ErrTruncated, "ErrTrailingData": ErrTrailingData,
}

func errorName(err error) string {
	for name, e := range errorNames {
		if e == err {
			return name
		}
	}
	panic("no name for " + err.Error())
}

// vectorRand derives the writer's random bytes for a vector from its name, so that they are
// fixed but differ between vectors.
func vectorRand(name, what string, n int) []byte {
	sum := sha256.Sum256([]byte("dbackup encfile test vector " + name + " " + what))
	return sum[:n]
}

func hexKeys(keys []vault.Key) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.Reveal()
	}
	return out
}

func sha(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

// generateVectors builds every vector in memory.
func generateVectors(t *testing.T) (map[string]*genVector, []string) {
	t.Helper()
	all := map[string]*genVector{}
	var order []string
	for _, s := range vectorSpecs() {
		var g *genVector
		if s.from == "" && s.raw == nil {
			g = generateWritten(t, s)
		} else {
			g = generateTampered(t, s, all)
		}
		js, err := json.MarshalIndent(g.v, "", "  ")
		require.NoError(t, err)
		g.json = append(js, '\n')
		all[s.name] = g
		order = append(order, s.name)
	}
	return all, order
}

func generateWritten(t *testing.T, s vectorSpec) *genVector {
	dataKey, fileID, wrapNonce := vectorRand(s.name, "data key", DataKeySize), vectorRand(s.name, "file id", FileIDSize), vectorRand(s.name, "wrap nonce", NonceSize)
	var buf bytes.Buffer
	w, err := NewWriter(&buf, s.writerKey, Options{ChunkSize: s.chunkSize, Rand: bytes.NewReader(slices.Concat(dataKey, fileID, wrapNonce))})
	require.NoError(t, err)
	_, err = w.Write(s.plain)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	file := buf.Bytes()
	h := w.Header()
	fid := h.FileID()
	hw := h.Wrap()

	v := vector{
		Name: s.name, Description: s.description, Expect: "ok",
		Keys:      hexKeys(s.keys),
		Plaintext: &plainInfo{Size: len(s.plain), SHA256: sha(s.plain)},
		File:      fileInfo{Size: len(file), SHA256: sha(file)},
		Writer: &writerInfo{
			ProfileKey: s.writerKey.Reveal(), KeyID: vault.KeyID(s.writerKey), ChunkSize: s.chunkSize,
			DataKey: hex.EncodeToString(dataKey), FileID: hex.EncodeToString(fileID), WrapNonce: hex.EncodeToString(wrapNonce),
		},
		Header: &headerInfo{
			Hex: hex.EncodeToString(h.Bytes()), SHA256: sha(h.Bytes()), Core: hex.EncodeToString(h.Bytes()[:coreSize]),
			Magic: hex.EncodeToString([]byte(magic)), Version: h.Version(), KeyID: h.KeyID(), ChunkSize: h.ChunkSize(),
			FileID: hex.EncodeToString(fid[:]), WrapNonce: hex.EncodeToString(hw.Nonce[:]), WrappedKey: hex.EncodeToString(hw.Key[:]),
		},
	}
	if s.keys == nil {
		v.Keys = hexKeys([]vault.Key{s.writerKey})
	}
	if !s.text {
		v.Plaintext.Rule = plainRule
	}
	if len(s.plain) <= maxPlainHex {
		v.Plaintext.Hex = hex.EncodeToString(s.plain)
	}
	bounds := chunkBounds(file, s.chunkSize)
	for i, c := range bounds {
		var n [NonceSize]byte
		chunkNonce(&n, uint64(i), i == len(bounds)-1)
		v.Chunks = append(v.Chunks, chunkInfo{Index: i, Offset: c[0], Size: c[1] - c[0], Final: i == len(bounds)-1, Nonce: hex.EncodeToString(n[:])})
	}
	if s.rewrapTo != nil {
		nonce := vectorRand(s.name, "rewrap nonce", NonceSize)
		extra, err := rewrap(bytes.NewReader(nonce), h, s.writerKey, *s.rewrapTo)
		require.NoError(t, err)
		v.ExtraWraps = []Wrap{extra}
		v.Rewrap = &rewrapInfo{NewKey: s.rewrapTo.Reveal(), Nonce: hex.EncodeToString(nonce)}
	}
	return &genVector{bin: cloneBytes(file), v: v}
}

func generateTampered(t *testing.T, s vectorSpec, all map[string]*genVector) *genVector {
	var file []byte
	keys := s.keys
	switch {
	case s.raw != nil:
		file = cloneBytes(s.raw)
		if keys == nil {
			keys = []vault.Key{key1}
		}
	case s.name == "chunk-from-other-file":
		src, other := all[s.from], all["chunk-plus-one"]
		require.NotNil(t, src)
		file = cloneBytes(src.bin)
		c := HeaderSize + MinChunkSize + TagSize
		copy(file[c:c+MinChunkSize+TagSize], other.bin[HeaderSize:HeaderSize+MinChunkSize+TagSize])
	default:
		src := all[s.from]
		require.NotNil(t, src, s.from)
		file = s.tamper(cloneBytes(src.bin))
	}
	v := vector{
		Name: s.name, Description: s.description, Expect: errorName(s.expect),
		File: fileInfo{Size: len(file), SHA256: sha(file)}, DerivedFrom: s.from,
	}
	if s.from != "" && keys == nil {
		k, err := vault.ParseKey(all[s.from].v.Writer.ProfileKey)
		require.NoError(t, err)
		keys = []vault.Key{k}
	}
	v.Keys = hexKeys(keys)
	if s.extra != nil {
		v.ExtraWraps = s.extra(all)
	}
	return &genVector{bin: file, v: v}
}

// TestVectorsAreCurrent regenerates every vector and compares it byte for byte with
// testdata/encfile; go test -run TestVectorsAreCurrent -update rewrites them.
func TestVectorsAreCurrent(t *testing.T) {
	all, order := generateVectors(t)
	if *update {
		require.NoError(t, os.MkdirAll(vectorDir, 0o755))
		for _, name := range order {
			require.NoError(t, os.WriteFile(filepath.Join(vectorDir, name+".bin"), all[name].bin, 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(vectorDir, name+".json"), all[name].json, 0o644))
		}
	}
	var want []string
	for _, name := range order {
		want = append(want, name+".bin", name+".json")
		bin, err := os.ReadFile(filepath.Join(vectorDir, name+".bin"))
		require.NoError(t, err, "run go test ./internal/encfile -run TestVectorsAreCurrent -update")
		require.True(t, bytes.Equal(all[name].bin, bin), "%s.bin differs from the generator", name)
		js, err := os.ReadFile(filepath.Join(vectorDir, name+".json"))
		require.NoError(t, err)
		require.Equal(t, string(all[name].json), string(js), "%s.json differs from the generator", name)
	}
	entries, err := os.ReadDir(vectorDir)
	require.NoError(t, err)
	var have []string
	for _, e := range entries {
		if e.Name() != "README.md" {
			have = append(have, e.Name())
		}
	}
	slices.Sort(want)
	require.Equal(t, want, have, "testdata/encfile has files the generator does not make")
}

// TestDecryptVectors decrypts every vector from the files alone, as an independent decoder
// would: ok vectors give their plaintext, tampered ones fail with their error.
func TestDecryptVectors(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(vectorDir, "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	seen := map[string]bool{}
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".json")
		t.Run(name, func(t *testing.T) {
			js, err := os.ReadFile(p)
			require.NoError(t, err)
			var v vector
			require.NoError(t, json.Unmarshal(js, &v))
			file, err := os.ReadFile(strings.TrimSuffix(p, ".json") + ".bin")
			require.NoError(t, err)
			require.Equal(t, v.File.Size, len(file))
			require.Equal(t, v.File.SHA256, sha(file))
			var keys []vault.Key
			for _, k := range v.Keys {
				key, err := vault.ParseKey(k)
				require.NoError(t, err)
				keys = append(keys, key)
			}
			got, err := decrypt(file, Keys(keys...), v.ExtraWraps...)
			seen[v.Expect] = true
			if v.Expect != "ok" {
				want, ok := errorNames[v.Expect]
				require.True(t, ok, v.Expect)
				require.ErrorIs(t, err, want)
				return
			}
			require.NoError(t, err)
			require.Equal(t, v.Plaintext.Size, len(got))
			require.Equal(t, v.Plaintext.SHA256, sha(got))
			if v.Plaintext.Rule != "" {
				require.True(t, bytes.Equal(pattern(len(got)), got))
			}
			if v.Plaintext.Hex != "" || v.Plaintext.Size == 0 {
				require.Equal(t, v.Plaintext.Hex, hex.EncodeToString(got))
			}
			h, err := ParseHeader(file)
			require.NoError(t, err)
			require.Equal(t, v.Header.Hex, hex.EncodeToString(h.Bytes()))
			require.Equal(t, v.Header.KeyID, h.KeyID())
			require.Equal(t, v.Header.ChunkSize, h.ChunkSize())
		})
	}
	for name := range errorNames {
		require.True(t, seen[name], "no vector fails with %s", name)
	}
	require.True(t, seen["ok"])
}

// TestDocumentedVector keeps the worked example in docs/backup-format.md in step with the
// short-text vector.
func TestDocumentedVector(t *testing.T) {
	doc, err := os.ReadFile("../../docs/backup-format.md")
	require.NoError(t, err)
	js, err := os.ReadFile(filepath.Join(vectorDir, "short-text.json"))
	require.NoError(t, err)
	var v vector
	require.NoError(t, json.Unmarshal(js, &v))
	flat := strings.Join(strings.Fields(string(doc)), "")
	for _, s := range []string{v.Writer.DataKey, v.Writer.FileID, v.Writer.WrapNonce, v.Header.SHA256, v.Header.WrappedKey, v.File.SHA256, v.Writer.KeyID} {
		require.Contains(t, flat, s)
	}
	file, err := os.ReadFile(filepath.Join(vectorDir, "short-text.bin"))
	require.NoError(t, err)
	require.Contains(t, flat, hex.EncodeToString(file[HeaderSize:]), "the chunk's hex")
}
