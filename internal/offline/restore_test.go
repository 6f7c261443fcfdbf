package offline

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/dbackup/dbackup/internal/offline/offlinetest"
	"github.com/dbackup/dbackup/internal/vault"
)

func TestDecryptToRoundTrip(t *testing.T) {
	key := offlinetest.Key(t)
	keys := NewKeyring(Key{KeyID: vault.KeyID(key), Key: key})
	data := dump(t, 300000)
	for _, alg := range []compress.Algorithm{compress.Zstd, compress.Gzip, compress.Brotli, compress.None} {
		for _, encrypted := range []bool{true, false} {
			for _, noSidecar := range []bool{false, true} {
				name := string(alg)
				if encrypted {
					name += "-enc"
				}
				if noSidecar {
					name += "-bare"
				}
				t.Run(name, func(t *testing.T) {
					dir := t.TempDir()
					spec := offlinetest.Spec{Dir: dir, Object: "nightly/app.dump" + alg.Extension(), Job: "nightly",
						Engine: "postgres", DBs: []offlinetest.DB{{Name: "app", Data: data}}, Compression: alg, NoSidecar: noSidecar}
					if encrypted {
						spec.Key, spec.Object = &key, spec.Object+".enc"
					}
					path := offlinetest.Write(t, spec)
					b, err := Inspect(path)
					require.NoError(t, err)
					require.Equal(t, string(alg), b.Compression)
					require.Equal(t, "app.dump", b.OutputName())
					out := filepath.Join(dir, "restored", b.OutputName())
					n, err := DecryptTo(context.Background(), b, out, Options{Keys: keys})
					require.NoError(t, err)
					require.Equal(t, int64(len(data)), n)
					got, err := os.ReadFile(out)
					require.NoError(t, err)
					require.True(t, bytes.Equal(data, got))
					require.Equal(t, []string{"app.dump"}, entries(t, filepath.Join(dir, "restored")))
					_, err = DecryptTo(context.Background(), b, out, Options{Keys: keys})
					require.ErrorIs(t, err, ErrExists)
				})
			}
		}
	}
}

func TestDecryptToRefuses(t *testing.T) {
	key, other := offlinetest.Key(t), offlinetest.Key(t)
	data := dump(t, 100000)
	write := func(t *testing.T, dir string, k *vault.Key, wraps ...vault.Key) string {
		return offlinetest.Write(t, offlinetest.Spec{Dir: dir, Object: "app.dump.zst.enc", Job: "j", Engine: "postgres",
			DBs: []offlinetest.DB{{Name: "app", Data: data}}, Compression: compress.Zstd, Key: k, WrapsFor: wraps})
	}
	flip := func(t *testing.T, path string, at int) {
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		b[at] ^= 1
		require.NoError(t, os.WriteFile(path, b, 0o600))
	}
	dropChecksum := func(t *testing.T, path string) {
		b, err := os.ReadFile(path + ".meta.json")
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, json.Unmarshal(b, &m))
		m["sha256"] = strings.Repeat("0", 64)
		b, err = json.Marshal(m)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(path+".meta.json", b, 0o600))
	}
	tests := []struct {
		name  string
		keys  []vault.Key
		edit  func(t *testing.T, path string)
		check func(t *testing.T, err error)
	}{
		{"tampered chunk", []vault.Key{key}, func(t *testing.T, p string) { flip(t, p, 20000) },
			func(t *testing.T, err error) { require.ErrorIs(t, err, encfile.ErrTampered) }},
		{"checksum", []vault.Key{key}, dropChecksum, func(t *testing.T, err error) { require.ErrorIs(t, err, ErrChecksum) }},
		{"tampered chunk, no sidecar", []vault.Key{key}, func(t *testing.T, p string) {
			flip(t, p, 20000)
			require.NoError(t, os.Remove(p+".meta.json"))
		}, func(t *testing.T, err error) { require.ErrorIs(t, err, encfile.ErrTampered) }},
		{"truncated, no sidecar", []vault.Key{key}, func(t *testing.T, p string) {
			b, _ := os.ReadFile(p)
			require.NoError(t, os.WriteFile(p, b[:105+2*(4096+16)], 0o600))
			require.NoError(t, os.Remove(p+".meta.json"))
		}, func(t *testing.T, err error) { require.ErrorIs(t, err, encfile.ErrTruncated) }},
		{"unknown key", []vault.Key{other}, nil, func(t *testing.T, err error) {
			var uk *encfile.UnknownKeyError
			require.ErrorAs(t, err, &uk)
			require.Equal(t, vault.KeyID(key), uk.KeyID)
		}},
		{"no keys", nil, nil, func(t *testing.T, err error) { require.ErrorIs(t, err, encfile.ErrUnknownKey) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := write(t, dir, &key)
			if tc.edit != nil {
				tc.edit(t, path)
			}
			b, err := Inspect(path)
			require.NoError(t, err)
			var ks []Key
			for _, k := range tc.keys {
				ks = append(ks, Key{KeyID: vault.KeyID(k), Key: k})
			}
			out := filepath.Join(dir, "out", "app.dump")
			_, err = DecryptTo(context.Background(), b, out, Options{Keys: NewKeyring(ks...)})
			tc.check(t, err)
			require.NoFileExists(t, out)
			if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
				require.Empty(t, entries(t, filepath.Join(dir, "out")), "a temporary file was left")
			}
		})
	}

	t.Run("rotated key through an extra wrap", func(t *testing.T) {
		dir := t.TempDir()
		path := write(t, dir, &key, other)
		b, err := Inspect(path)
		require.NoError(t, err)
		require.Equal(t, []string{vault.KeyID(key), vault.KeyID(other)}, b.KeyIDs)
		kr := NewKeyring(Key{KeyID: vault.KeyID(other), Key: other})
		require.True(t, b.KeyAvailable(kr))
		_, err = DecryptTo(context.Background(), b, filepath.Join(dir, "o"), Options{Keys: kr})
		require.NoError(t, err)
	})

	t.Run("cancelled", func(t *testing.T) {
		dir := t.TempDir()
		b, err := Inspect(write(t, dir, &key))
		require.NoError(t, err)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err = DecryptTo(ctx, b, filepath.Join(dir, "out", "x"), Options{Keys: NewKeyring(Key{KeyID: vault.KeyID(key), Key: key})})
		require.ErrorIs(t, err, context.Canceled)
		require.Empty(t, entries(t, filepath.Join(dir, "out")))
	})
}

func TestUnpackArchive(t *testing.T) {
	dir := t.TempDir()
	key := offlinetest.Key(t)
	dbs := []offlinetest.DB{{Name: "app", Data: dump(t, 50000)}, {Name: "audit log"}, {Name: "crm", Data: dump(t, 7000)}}
	path := offlinetest.Write(t, offlinetest.Spec{Dir: dir, Object: "multi/db_3-databases.tar.zst.enc", Job: "multi",
		Engine: "postgres", DBs: dbs, Compression: compress.Zstd, Key: &key})
	b, err := Inspect(path)
	require.NoError(t, err)
	require.True(t, b.IsArchive())
	out := filepath.Join(dir, "restored")
	files, err := Unpack(context.Background(), b, out, Options{Keys: NewKeyring(Key{KeyID: vault.KeyID(key), Key: key})})
	require.NoError(t, err)
	require.Len(t, files, 3)
	for i, f := range files {
		got, err := os.ReadFile(f)
		require.NoError(t, err)
		require.True(t, bytes.Equal(dbs[i].Data, got), f)
	}
	require.ElementsMatch(t, []string{"db_3-databases", "db_3-databases/app.dump", "db_3-databases/audit_log.dump",
		"db_3-databases/crm.dump"}, entries(t, out))

	// A damaged archive leaves nothing behind.
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	raw[len(raw)-100] ^= 1
	require.NoError(t, os.WriteFile(path, raw, 0o600))
	out2 := filepath.Join(dir, "again")
	_, err = Unpack(context.Background(), b, out2, Options{Keys: NewKeyring(Key{KeyID: vault.KeyID(key), Key: key})})
	require.ErrorIs(t, err, encfile.ErrTampered)
	require.Empty(t, entries(t, out2))

	single, err := Inspect(offlinetest.Write(t, offlinetest.Spec{Dir: dir, Object: "one.dump", Engine: "postgres",
		DBs: []offlinetest.DB{{Name: "app", Data: nil}}, Compression: compress.None}))
	require.NoError(t, err)
	_, err = Unpack(context.Background(), single, out2, Options{})
	require.ErrorIs(t, err, ErrNotArchive)
}
