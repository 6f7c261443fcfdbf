package server

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/encfile"
)

// seedRandom fills db with rows of random hex, which compress only by half, so that the stored
// backup spans several encryption chunks.
func (f fixture) seedRandom(t *testing.T, db string, rows int) {
	conn := f.open(t, db)
	_, err := conn.Exec(`CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL, qty INTEGER)`)
	require.NoError(t, err)
	tx, err := conn.Begin()
	require.NoError(t, err)
	for i := range rows {
		b := make([]byte, 90)
		_, _ = rand.Read(b)
		_, err := tx.Exec("INSERT INTO items (id, name, qty) VALUES ($1, $2, $3)", i, hex.EncodeToString(b), i)
		require.NoError(t, err)
	}
	require.NoError(t, tx.Commit())
}

// TestTamperedBackupsAreRefused edits stored backups in every way the format must catch and
// checks that each restore is refused with the right code before the target is touched.
func TestTamperedBackupsAreRefused(t *testing.T) {
	e := newBackupEnv(t)
	f := pgFixture(t)
	f.seedRandom(t, f.db, 40_000)
	profile := e.do(createProfileOp, map[string]any{"name": "main"}, "createEncryptionProfile")
	other := e.do(createProfileOp, map[string]any{"name": "other"}, "createEncryptionProfile")
	src := e.source("pg", f)
	dir := t.TempDir()
	disk := e.localDest("disk", dir)
	encJob := e.job("enc", src, []string{f.db}, profile["id"].(string), disk)
	plainJob := e.job("plain", src, []string{f.db}, "", disk)

	first, second := e.run(encJob), e.run(encJob)
	plain := e.run(plainJob)
	for _, exe := range []map[string]any{first, second, plain} {
		require.Equal(t, "SUCCESS", exe["status"], "%v", exe)
	}
	file := func(exe map[string]any) string {
		return filepath.Join(dir, filepath.FromSlash(exe["objectKey"].(string)))
	}
	orig, err := os.ReadFile(file(first))
	require.NoError(t, err)
	donor, err := os.ReadFile(file(second))
	require.NoError(t, err)
	plainOrig, err := os.ReadFile(file(plain))
	require.NoError(t, err)
	const hdr = encfile.HeaderSize
	chunk := encfile.DefaultChunkSize + encfile.TagSize
	require.Greater(t, len(orig), hdr+3*chunk, "the backup must span at least four chunks")

	// The target holds other data, which must survive every refused restore.
	target := f.newTarget(t)
	f.seed(t, target, 3)
	before := f.fingerprint(t, target)

	edit := func(b []byte, fn func([]byte) []byte) []byte { return fn(append([]byte(nil), b...)) }
	cases := []struct {
		name string
		exe  map[string]any
		data []byte
		code string
	}{
		{"flipped bit", first, edit(orig, func(b []byte) []byte { b[hdr+chunk+100] ^= 1; return b }), "INTEGRITY"},
		{"truncated tail", first, orig[:len(orig)-500], "INTEGRITY"},
		{"truncated at a chunk boundary", first, orig[:hdr+2*chunk], "INTEGRITY"},
		{"swapped chunks", first, edit(orig, func(b []byte) []byte {
			c1, c2 := b[hdr:hdr+chunk], b[hdr+chunk:hdr+2*chunk]
			tmp := append([]byte(nil), c1...)
			copy(c1, c2)
			copy(c2, tmp)
			return b
		}), "INTEGRITY"},
		{"chunk from another file", first, edit(orig, func(b []byte) []byte {
			copy(b[hdr+chunk:hdr+2*chunk], donor[hdr+chunk:hdr+2*chunk])
			return b
		}), "INTEGRITY"},
		{"header edit", first, edit(orig, func(b []byte) []byte { b[30] ^= 0x40; return b }), "INTEGRITY"},
		{"wrong key", first, edit(orig, func(b []byte) []byte { copy(b[9:25], other["keyID"].(string)); return b }), "INTEGRITY"},
		{"unknown key", first, edit(orig, func(b []byte) []byte { copy(b[9:25], "0123456789abcdef"); return b }), "UNKNOWN_KEY"},
		{"plain backup with a flipped bit", plain, edit(plainOrig, func(b []byte) []byte { b[len(b)/2] ^= 1; return b }), "INTEGRITY"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e.t = t
			path := file(tc.exe)
			good, err := os.ReadFile(path)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(path, tc.data, 0o600))
			t.Cleanup(func() { require.NoError(t, os.WriteFile(path, good, 0o600)) })

			res := e.restore(backupsOf(tc.exe)[0]["id"].(string), src, map[string]string{f.db: target})
			require.Equal(t, "FAILED", res["status"], "%v", res)
			require.Equal(t, tc.code, res["errorCode"], "%v", res["error"])
			if tc.code == "UNKNOWN_KEY" {
				require.Contains(t, res["error"], "0123456789abcdef")
			}
			require.Equal(t, before, f.fingerprint(t, target), "the target must be untouched")
		})
	}
	e.t = t
	// The untouched backup still restores.
	res := e.restore(backupsOf(first)[0]["id"].(string), src, map[string]string{f.db: target})
	require.Equal(t, "SUCCESS", res["status"], "%v", res)
	require.Equal(t, f.fingerprint(t, f.db), f.fingerprint(t, target))
}
