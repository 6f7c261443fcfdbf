package legacy

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/legacy/legacytest"
)

// restore runs the two passes a restore makes: Verify, then Decrypt and Decompress.
func restore(t *testing.T, file string, key []byte) ([]byte, *Meta, error) {
	t.Helper()
	side, err := os.ReadFile(file + ".meta.json")
	require.NoError(t, err)
	require.True(t, IsLegacySidecar(side))
	m, err := ParseMeta(side)
	require.NoError(t, err)
	f, err := os.Open(file)
	require.NoError(t, err)
	defer f.Close()
	if err := Verify(f, key, m); err != nil {
		return nil, m, err
	}
	_, err = f.Seek(0, io.SeekStart)
	require.NoError(t, err)
	d, err := Decrypt(f, key, m)
	require.NoError(t, err)
	z, err := Decompress(d, m.CompressionFor(file))
	require.NoError(t, err)
	defer z.Close()
	out, err := io.ReadAll(z)
	if err != nil {
		return nil, m, err
	}
	// The decompressor may stop at its end marker: the tag is checked only at the file's end.
	if _, err := io.Copy(io.Discard, d); err != nil {
		return nil, m, err
	}
	return out, m, nil
}

func TestNodeFixtures(t *testing.T) {
	dir := t.TempDir()
	dump := bytes.Repeat([]byte("INSERT INTO t VALUES (1, 'seed');\n"), 40000)
	dump = append(dump, randBytes(t, 70000)...)
	in := filepath.Join(dir, "dump.sql")
	require.NoError(t, os.WriteFile(in, dump, 0o600))
	key := randBytes(t, KeySize)
	cases := []struct{ name, compression, layout, out string }{
		{"gzip nested", "gzip", "nested", "seed/a.sql.gz.enc"},
		{"brotli nested", "brotli", "nested", "seed/b.sql.br.enc"},
		{"none nested", "none", "nested", "seed/c.sql.enc"},
		{"gzip flat", "gzip", "flat", "seed/d.sql.gz.enc"},
		{"brotli flat", "brotli", "flat", "seed/e.sql.br.enc"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, tc.out)
			legacytest.Write(t, legacytest.Job{Key: key, ProfileID: "prof-1", In: in, Out: out, Compression: tc.compression, Layout: tc.layout})
			got, m, err := restore(t, out, key)
			require.NoError(t, err)
			require.True(t, bytes.Equal(dump, got))
			require.Equal(t, "prof-1", m.ProfileID)
			require.Len(t, m.IV, 16)
			require.Equal(t, tc.compression, m.CompressionFor(out))
			require.False(t, m.CreatedAt.IsZero())
			if tc.layout == "nested" {
				stored, err := os.ReadFile(out)
				require.NoError(t, err)
				sum := sha256.Sum256(stored)
				require.Equal(t, hex.EncodeToString(sum[:]), m.Checksum)
				require.Equal(t, "seed-nightly", m.JobName)
				require.Equal(t, []string{"app"}, m.Databases)
			}

			// A changed byte, a wrong tag and a wrong key are all refused before any output.
			stored, err := os.ReadFile(out)
			require.NoError(t, err)
			stored[len(stored)/3] ^= 1
			require.NoError(t, os.WriteFile(out, stored, 0o600))
			_, _, err = restore(t, out, key)
			require.ErrorIs(t, err, ErrTampered)
			stored[len(stored)/3] ^= 1
			require.NoError(t, os.WriteFile(out, stored, 0o600))
			_, _, err = restore(t, out, randBytes(t, KeySize))
			require.ErrorIs(t, err, ErrTampered)
			m.AuthTag[0] ^= 1
			f, err := os.Open(out)
			require.NoError(t, err)
			defer f.Close()
			require.ErrorIs(t, Verify(f, key, m), ErrTampered)
		})
	}
}

func TestNodeTarFixture(t *testing.T) {
	dir := t.TempDir()
	dbs := map[string][]byte{"shop": bytes.Repeat([]byte("shop;"), 3000), "blog": {}, "crm": randBytes(t, 9000)}
	var entries []legacytest.TarEntry
	for _, name := range []string{"shop", "blog", "crm"} {
		p := filepath.Join(dir, name+".sql")
		require.NoError(t, os.WriteFile(p, dbs[name], 0o600))
		entries = append(entries, legacytest.TarEntry{Name: name + ".sql", File: p, DB: name})
	}
	key := randBytes(t, KeySize)
	out := filepath.Join(dir, "multi.tar.gz.enc")
	legacytest.Write(t, legacytest.Job{Key: key, ProfileID: "p", Out: out, Compression: "gzip", Tar: entries})
	plain, m, err := restore(t, out, key)
	require.NoError(t, err)
	require.True(t, m.MultiDB)
	require.Equal(t, []string{"shop", "blog", "crm"}, m.Databases)
	require.True(t, IsTar(plain))

	ar := NewArchiveReader(bytes.NewReader(plain))
	var got []string
	for {
		db, r, err := ar.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		data, err := io.ReadAll(r)
		require.NoError(t, err)
		require.True(t, bytes.Equal(dbs[db.Name], data), db.Name)
		require.Equal(t, db.Name+".sql", db.File)
		got = append(got, db.Name)
	}
	require.Equal(t, []string{"shop", "blog", "crm"}, got)
	man, err := ar.Manifest()
	require.NoError(t, err)
	require.Equal(t, "mysql", man.SourceType)
	require.Len(t, man.Databases, 3)
}
