package offline

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/legacy"
	"github.com/dbackup/dbackup/internal/legacy/legacytest"
	"github.com/dbackup/dbackup/internal/offline/offlinetest"
	"github.com/dbackup/dbackup/internal/vault"
)

func TestLegacy(t *testing.T) {
	dir := t.TempDir()
	key, other := offlinetest.Key(t), offlinetest.Key(t)
	data := dump(t, 200000)
	in := filepath.Join(t.TempDir(), "in.sql")
	require.NoError(t, os.WriteFile(in, data, 0o600))
	path := filepath.Join(dir, "seed-nightly", "prod_2025.sql.gz.enc")
	legacytest.Write(t, legacytest.Job{Key: key[:], ProfileID: "prof-a", In: in, Out: path, Compression: "gzip"})

	b, err := Inspect(path)
	require.NoError(t, err)
	require.Equal(t, Legacy, b.Kind)
	require.Equal(t, "prof-a", b.ProfileID)
	require.Equal(t, "seed-nightly", b.Job)
	require.Equal(t, "prod_2025.sql", b.OutputName())

	kit := NewKeyring(Key{ProfileID: "prof-b", KeyID: vault.KeyID(other), Key: other},
		Key{ProfileID: "prof-a", KeyID: vault.KeyID(key), Key: key})
	require.True(t, b.KeyAvailable(kit))
	require.Equal(t, "prof-a", kit.Candidates("prof-a")[0].ProfileID)
	var progress bytes.Buffer
	out := filepath.Join(dir, "restored", b.OutputName())
	_, err = DecryptTo(context.Background(), b, out, Options{Keys: kit, Progress: NewProgress(&progress, false, nil)})
	require.NoError(t, err)
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	require.True(t, bytes.Equal(data, got))
	require.Contains(t, progress.String(), "verifying prod_2025.sql.gz.enc with key "+vault.KeyID(key))
	require.NotContains(t, progress.String(), vault.KeyID(other), "the profile's key is tried first")

	// A key file without a profile is tried too; the wrong one fails authentication.
	_, err = DecryptTo(context.Background(), b, filepath.Join(dir, "x"), Options{Keys: NewKeyring(Key{KeyID: vault.KeyID(other), Key: other})})
	require.ErrorIs(t, err, legacy.ErrTampered)
	require.NoFileExists(t, filepath.Join(dir, "x"))
	_, err = DecryptTo(context.Background(), b, filepath.Join(dir, "x"), Options{})
	require.ErrorIs(t, err, ErrNoLegacyKey)
	require.ErrorContains(t, err, "prof-a")

	// A modified file fails the checksum or the tag in the first pass: nothing is written.
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	raw[1000] ^= 1
	require.NoError(t, os.WriteFile(path, raw, 0o600))
	outDir := filepath.Join(dir, "out2")
	_, err = DecryptTo(context.Background(), b, filepath.Join(outDir, "y"), Options{Keys: kit})
	require.ErrorIs(t, err, ErrChecksum)
	require.Empty(t, entries(t, outDir))

	// Without its sidecar a legacy file cannot be opened.
	require.NoError(t, os.Remove(path+".meta.json"))
	_, err = Inspect(path)
	require.ErrorIs(t, err, ErrNoSidecar)
}

func TestLegacyUnpack(t *testing.T) {
	dir := t.TempDir()
	key := offlinetest.Key(t)
	src := t.TempDir()
	var es []legacytest.TarEntry
	want := map[string][]byte{"shop.sql": dump(t, 30000), "blog.sql": dump(t, 100)}
	for _, n := range []string{"shop.sql", "blog.sql"} {
		p := filepath.Join(src, n)
		require.NoError(t, os.WriteFile(p, want[n], 0o600))
		es = append(es, legacytest.TarEntry{Name: n, File: p, DB: n[:4]})
	}
	path := filepath.Join(dir, "seed", "all.tar.br.enc")
	legacytest.Write(t, legacytest.Job{Key: key[:], ProfileID: "p", Out: path, Compression: "brotli", Tar: es})
	b, err := Inspect(path)
	require.NoError(t, err)
	require.True(t, b.IsArchive())
	require.Equal(t, []string{"shop", "blog"}, b.Databases)
	files, err := Unpack(context.Background(), b, filepath.Join(dir, "r"), Options{Keys: NewKeyring(Key{KeyID: vault.KeyID(key), Key: key})})
	require.NoError(t, err)
	require.Len(t, files, 2)
	for _, f := range files {
		got, err := os.ReadFile(f)
		require.NoError(t, err)
		require.True(t, bytes.Equal(want[filepath.Base(f)], got))
	}
	require.Equal(t, filepath.Join(dir, "r", "all", "shop.sql"), files[0])
}
