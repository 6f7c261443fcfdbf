package cli

import (
	"bytes"
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/legacy/legacytest"
	"github.com/dbackup/dbackup/internal/offline/offlinetest"
	"github.com/dbackup/dbackup/internal/vault"
)

// runDBackup runs the root command with args and returns its output and error output.
func runDBackup(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := New()
	cmd.Writer, cmd.ErrWriter, cmd.Reader = &out, &errOut, strings.NewReader("")
	err := cmd.Run(context.Background(), append([]string{"dbackup"}, args...))
	return out.String(), errOut.String(), err
}

func testDump(t *testing.T, n int) []byte {
	b := bytes.Repeat([]byte("INSERT INTO t VALUES (42, 'offline');\n"), n/38+1)[:n]
	_, err := rand.Read(b[n/2 : n/2+n/8])
	require.NoError(t, err)
	return b
}

// listDir returns every name under dir, recursively.
func listDir(t *testing.T, dir string) []string {
	var out []string
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		return nil
	}
	require.NoError(t, filepath.WalkDir(dir, func(p string, _ os.DirEntry, err error) error {
		require.NoError(t, err)
		if p != dir {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	}))
	return out
}

func TestDecryptCommand(t *testing.T) {
	key := offlinetest.Key(t)
	kit := t.TempDir()
	offlinetest.WriteKit(t, kit, offlinetest.KitKey{ProfileID: "enc_1", ProfileName: "main", Key: key})
	data := testDump(t, 200000)
	for _, alg := range []compress.Algorithm{compress.Zstd, compress.Gzip, compress.None} {
		t.Run(string(alg), func(t *testing.T) {
			dir := t.TempDir()
			path := offlinetest.Write(t, offlinetest.Spec{Dir: dir, Object: "nightly/app.dump" + alg.Extension() + ".enc",
				Job: "nightly", Engine: "postgres", DBs: []offlinetest.DB{{Name: "app", Data: data}}, Compression: alg, Key: &key})
			t.Chdir(dir)
			out, errOut, err := runDBackup(t, "decrypt", path, "--kit", kit)
			require.NoError(t, err, errOut)
			require.Contains(t, out, "restored "+filepath.Join("restored", "app.dump"))
			require.Contains(t, errOut, "restoring app.dump"+alg.Extension()+".enc: done")
			got, err := os.ReadFile(filepath.Join(dir, "restored", "app.dump"))
			require.NoError(t, err)
			require.True(t, bytes.Equal(data, got))
		})
	}

	t.Run("key file from the environment and explicit output", func(t *testing.T) {
		dir := t.TempDir()
		path := offlinetest.Write(t, offlinetest.Spec{Dir: dir, Object: "a.sql.gz.enc", Job: "j", Engine: "mysql",
			DBs: []offlinetest.DB{{Name: "shop", Data: data}}, Compression: compress.Gzip, Key: &key})
		t.Setenv("PROFILE_KEY_FILE", offlinetest.WriteKeyFile(t, filepath.Join(dir, "p.key"), key))
		out := filepath.Join(dir, "x", "shop.sql")
		_, errOut, err := runDBackup(t, "decrypt", path, "-o", out)
		require.NoError(t, err, errOut)
		got, err := os.ReadFile(out)
		require.NoError(t, err)
		require.True(t, bytes.Equal(data, got))
	})

	t.Run("tampered file leaves nothing", func(t *testing.T) {
		dir := t.TempDir()
		path := offlinetest.Write(t, offlinetest.Spec{Dir: dir, Object: "a.dump.zst.enc", Job: "j", Engine: "postgres",
			DBs: []offlinetest.DB{{Name: "app", Data: data}}, Compression: compress.Zstd, Key: &key})
		raw, err := os.ReadFile(path)
		require.NoError(t, err)
		raw[len(raw)/2] ^= 1
		require.NoError(t, os.WriteFile(path, raw, 0o600))
		outDir := filepath.Join(dir, "out")
		_, _, err = runDBackup(t, "decrypt", path, "--kit", kit, "-o", filepath.Join(outDir, "app.dump"))
		require.ErrorContains(t, err, "failed authentication")
		require.ErrorContains(t, err, "nothing was written")
		require.Empty(t, listDir(t, outDir))
	})

	t.Run("unknown key names the kid", func(t *testing.T) {
		dir := t.TempDir()
		other := offlinetest.Key(t)
		path := offlinetest.Write(t, offlinetest.Spec{Dir: dir, Object: "a.dump.enc", Job: "j", Engine: "postgres",
			DBs: []offlinetest.DB{{Name: "app", Data: data}}, Compression: compress.None, Key: &other})
		_, _, err := runDBackup(t, "decrypt", path, "--kit", kit, "-o", filepath.Join(dir, "out", "a"))
		require.ErrorContains(t, err, "this file needs profile key "+vault.KeyID(other)+": pass --kit or --key-file with that key")
		require.NoDirExists(t, filepath.Join(dir, "out", "a"))
	})

	t.Run("arguments", func(t *testing.T) {
		_, _, err := runDBackup(t, "decrypt")
		require.ErrorContains(t, err, "FILE: give exactly one backup file")
		_, _, err = runDBackup(t, "decrypt", "x", "--kit", t.TempDir())
		require.ErrorContains(t, err, "--kit: invalid recovery kit")
	})
}

func TestDecryptLegacySeedFile(t *testing.T) {
	dir := t.TempDir()
	key := offlinetest.Key(t)
	data := testDump(t, 150000)
	in := filepath.Join(t.TempDir(), "dump.sql")
	require.NoError(t, os.WriteFile(in, data, 0o600))
	path := filepath.Join(dir, "seed-nightly", "prod_2025-06-01.sql.br.enc")
	legacytest.Write(t, legacytest.Job{Key: key[:], ProfileID: "old-profile", In: in, Out: path, Compression: "brotli"})
	keyFile := offlinetest.WriteKeyFile(t, filepath.Join(dir, "seed.key"), key)

	out := filepath.Join(dir, "restored", "prod.sql")
	stdout, errOut, err := runDBackup(t, "decrypt", path, "--key-file", keyFile, "-o", out)
	require.NoError(t, err, errOut)
	require.Contains(t, stdout, "restored "+out)
	require.Contains(t, errOut, "verifying prod_2025-06-01.sql.br.enc with key "+vault.KeyID(key))
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	require.True(t, bytes.Equal(data, got))

	wrong := offlinetest.WriteKeyFile(t, filepath.Join(dir, "wrong.key"), offlinetest.Key(t))
	_, _, err = runDBackup(t, "decrypt", path, "--key-file", wrong, "-o", filepath.Join(dir, "w", "x"))
	require.ErrorContains(t, err, "wrong key or modified file")
	require.Empty(t, listDir(t, filepath.Join(dir, "w")))

	_, _, err = runDBackup(t, "decrypt", path, "-o", filepath.Join(dir, "w", "x"))
	require.ErrorContains(t, err, "needs the key of its encryption profile old-profile")
}
