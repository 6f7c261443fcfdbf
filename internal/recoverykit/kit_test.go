package recoverykit

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/stretchr/testify/require"
)

// TestWriteContents checks the ZIP's files, their modes, the key files and keys.json, and the
// README's warning and profile table.
func TestWriteContents(t *testing.T) {
	k1, k2, k3 := newKey(t), newKey(t), newKey(t)
	keys := []Key{kitKey("Prod DB", k1), kitKey("prod db", k2), kitKey("../etc|passwd", k3)}
	var zipped bytes.Buffer
	require.NoError(t, Write(&zipped, keys, testNow))
	zr, err := zip.NewReader(bytes.NewReader(zipped.Bytes()), int64(zipped.Len()))
	require.NoError(t, err)

	files := map[string]*zip.File{}
	var names []string
	for _, f := range zr.File {
		files[f.Name] = f
		names = append(names, f.Name)
	}
	require.Equal(t, []string{"README.md", "keys/keys.json", "keys/Prod_DB.key", "keys/prod_db-2.key", "keys/___etc_passwd.key",
		"dbackup-recover.js", "recover.sh", "recover.command", "recover.bat"}, names)
	modes := map[string]fs.FileMode{"dbackup-recover.js": 0o755, "recover.sh": 0o755, "recover.command": 0o755,
		"recover.bat": 0o644, "README.md": 0o644, "keys/keys.json": 0o644, "keys/Prod_DB.key": 0o600}
	for n, m := range modes {
		require.Equal(t, m, files[n].Mode().Perm(), n)
	}
	read := func(n string) string {
		rc, err := files[n].Open()
		require.NoError(t, err)
		defer rc.Close()
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		return string(b)
	}
	require.Equal(t, k1.Reveal()+"\n", read("keys/Prod_DB.key"))
	require.Equal(t, k3.Reveal()+"\n", read("keys/___etc_passwd.key"))
	require.Equal(t, string(Script()), read("dbackup-recover.js"))
	require.Contains(t, read("recover.bat"), "\r\n")

	var idx index
	require.NoError(t, json.Unmarshal([]byte(read("keys/keys.json")), &idx))
	require.Equal(t, index{Version: 1, CreatedAt: "2026-03-04T05:06:07Z", Keys: []indexEntry{
		{KeyID: vault.KeyID(k1), ProfileID: "prof-Prod DB", ProfileName: "Prod DB", File: "keys/Prod_DB.key"},
		{KeyID: vault.KeyID(k2), ProfileID: "prof-prod db", ProfileName: "prod db", File: "keys/prod_db-2.key"},
		{KeyID: vault.KeyID(k3), ProfileID: "prof-../etc|passwd", ProfileName: "../etc|passwd", File: "keys/___etc_passwd.key"},
	}}, idx)

	readme := read("README.md")
	require.Contains(t, readme, "WARNING")
	require.Contains(t, readme, "can open **every backup**")
	require.Contains(t, readme, "2026-03-04T05:06:07Z")
	require.Contains(t, readme, "| Prod DB | prof-Prod DB | `"+vault.KeyID(k1)+"` | `keys/Prod_DB.key` |")
	require.Contains(t, readme, `../etc\|passwd`)
	require.Contains(t, readme, "dbackup decrypt FILE --kit DIR -o OUT")
	require.Contains(t, readme, "dbackup recover DIR --kit KIT")
	for _, k := range []vault.Key{k1, k2, k3} {
		require.NotContains(t, readme, k.Reveal(), "the README names keys by id only")
	}
}

func TestWriteRefusesBadKeys(t *testing.T) {
	k := newKey(t)
	for name, keys := range map[string][]Key{
		"no keys":   nil,
		"short key": {{ProfileName: "a", Key: k[:31]}},
		"zero key":  {{ProfileName: "a", Key: make([]byte, 32)}},
	} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			require.ErrorIs(t, Write(&buf, keys, testNow), ErrInvalidKey)
			require.Zero(t, buf.Len(), "nothing is written")
		})
	}
}

func TestSafeNames(t *testing.T) {
	require.Equal(t, []string{"prod", "Prod-2", "profile", "profile-2", "_CON", "__", "a_b_c", "x_y"},
		uniqueNames([]string{"prod", "Prod", "", "profile", "CON", "..", "a/b\\c", "x\ny"}))
	long := strings.Repeat("é", 100)
	require.Len(t, safeName(long), maxNameLen)
}

// TestLoadKitRoundTrip reads back what Write wrote.
func TestLoadKitRoundTrip(t *testing.T) {
	keys := []Key{kitKey("Production", newKey(t)), kitKey("Production", newKey(t)), kitKey("Staging", newKey(t))}
	got, err := LoadKit(writeKit(t, keys...))
	require.NoError(t, err)
	require.Equal(t, keys, got)
}

// TestLoadKitRefusesDamage checks that a changed kit is refused, naming the file and the fix,
// by LoadKit and by the script alike.
func TestLoadKitRefusesDamage(t *testing.T) {
	requireNode(t)
	cases := []struct {
		name    string
		damage  func(t *testing.T, dir string)
		want    error
		mention string
	}{
		{"swapped key files", func(t *testing.T, dir string) {
			a, b := filepath.Join(dir, "keys", "a.key"), filepath.Join(dir, "keys", "b.key")
			ab, err := os.ReadFile(a)
			require.NoError(t, err)
			bb, err := os.ReadFile(b)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(a, bb, 0o600))
			require.NoError(t, os.WriteFile(b, ab, 0o600))
		}, ErrKeyMismatch, "a.key"},
		{"edited key file", func(t *testing.T, dir string) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, "keys", "b.key"), []byte(strings.Repeat("ab", 32)+"\n"), 0o600))
		}, ErrKeyMismatch, "b.key"},
		{"key file not hex", func(t *testing.T, dir string) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, "keys", "b.key"), []byte("not a key\n"), 0o600))
		}, ErrInvalidKit, "b.key"},
		{"missing key file", func(t *testing.T, dir string) {
			require.NoError(t, os.Remove(filepath.Join(dir, "keys", "a.key")))
		}, ErrInvalidKit, "a.key"},
		{"missing keys.json", func(t *testing.T, dir string) {
			require.NoError(t, os.Remove(filepath.Join(dir, "keys", "keys.json")))
		}, ErrInvalidKit, "keys.json"},
		{"file outside the kit", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "keys", "keys.json")
			b, err := os.ReadFile(p)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(p, bytes.Replace(b, []byte(`"keys/a.key"`), []byte(`"../a.key"`), 1), 0o644))
		}, ErrInvalidKit, "keys.json"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeKit(t, kitKey("a", newKey(t)), kitKey("b", newKey(t)))
			c.damage(t, dir)
			_, err := LoadKit(dir)
			require.ErrorIs(t, err, c.want)
			require.Contains(t, err.Error(), c.mention)

			r := runNode(t, dir, filepath.Join(dir, "dbackup-recover.js"), "--kit", dir, "--list", dir)
			require.NotEqual(t, 0, r.code)
			require.Contains(t, r.stderr, c.mention)
			require.Contains(t, r.stderr, "ErrKit")
		})
	}
}

// TestKeyDoesNotPrintBytes checks that formatting a Key shows the profile and key id only.
func TestKeyDoesNotPrintBytes(t *testing.T) {
	vk := newKey(t)
	k := kitKey("prod", vk)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%q"} {
		s := fmt.Sprintf(verb, k)
		require.NotContains(t, s, vk.Reveal()[:16], verb)
		require.Contains(t, s, vault.KeyID(vk), verb)
	}
}

// TestScriptListsBackups runs --list from a kit: every sidecar under the folder, with whether
// the kit holds its key.
func TestScriptListsBackups(t *testing.T) {
	requireNode(t)
	mine, foreign := newKey(t), newKey(t)
	kit := writeKit(t, kitKey("Production", mine))
	root := t.TempDir()
	writeBackup(t, root, backupSpec{object: "nightly/a", ext: ".dump", plain: []byte("a"), alg: compress.Gzip, key: &mine})
	writeBackup(t, root, backupSpec{object: "other/b", ext: ".dump", plain: []byte("b"), alg: compress.Zstd, key: &foreign})
	writeBackup(t, root, backupSpec{object: "plain/c", ext: ".sql", plain: []byte("c"), alg: compress.None})

	r := runNode(t, root, filepath.Join(kit, "dbackup-recover.js"), "--list", root)
	require.Equal(t, 0, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, lines, 4, r.stdout)
	require.Regexp(t, `^BACKUP +JOB +DATABASES +CREATED +SIZE +ENCRYPTED +KEY ID +KEY LOADED$`, lines[0])
	require.Regexp(t, `^nightly/a\.dump\.gz\.enc +nightly +app +2026-03-04 05:06:07Z .* yes +`+vault.KeyID(mine)+` +yes$`, lines[1])
	require.Regexp(t, `^other/b\.dump\.zst\.enc .* yes +`+vault.KeyID(foreign)+` +NO$`, lines[2])
	require.Regexp(t, `^plain/c\.sql .* no +- +-$`, lines[3])
}

// TestLaunchers runs recover.sh from an unzipped kit and checks the other launchers' syntax.
func TestLaunchers(t *testing.T) {
	requireNode(t)
	kit := writeKit(t, kitKey("Production", newKey(t)))
	r := runNode(t, kit, "-e", `
const { execFileSync } = require('child_process');
process.stdout.write(execFileSync('./recover.sh', ['--help'], { encoding: 'utf8' }));
execFileSync('sh', ['-n', 'recover.command']);`)
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "Usage:")
	require.Contains(t, r.stdout, "--decrypt FILE")
}
