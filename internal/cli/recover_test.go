package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/legacy/legacytest"
	"github.com/dbackup/dbackup/internal/offline"
	"github.com/dbackup/dbackup/internal/offline/offlinetest"
	"github.com/dbackup/dbackup/internal/vault"
)

// recoverFixture is a destination folder with backups of several kinds.
type recoverFixture struct {
	dir, kit          string
	known, missing    vault.Key
	app, multi, plain []byte
	dbs               []offlinetest.DB
}

func newRecoverFixture(t *testing.T) *recoverFixture {
	f := &recoverFixture{dir: t.TempDir(), kit: t.TempDir(), known: offlinetest.Key(t), missing: offlinetest.Key(t),
		app: testDump(t, 120000), plain: testDump(t, 5000)}
	f.dbs = []offlinetest.DB{{Name: "shop", Data: testDump(t, 60000)}, {Name: "blog", Data: testDump(t, 3000)}}
	t0 := time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC)
	offlinetest.WriteKit(t, f.kit, offlinetest.KitKey{ProfileID: "enc_1", ProfileName: "main", Key: f.known},
		offlinetest.KitKey{ProfileID: "seed-profile", ProfileName: "seed", Key: f.known})
	offlinetest.Write(t, offlinetest.Spec{Dir: f.dir, Object: "nightly/app_2026-11-28.dump.zst.enc", Job: "nightly",
		Engine: "postgres", DBs: []offlinetest.DB{{Name: "app", Data: f.app}}, Compression: compress.Zstd, Key: &f.known,
		Finished: t0.Add(3 * time.Hour)})
	offlinetest.Write(t, offlinetest.Spec{Dir: f.dir, Object: "weekly/all_2-databases.tar.gz.enc", Job: "weekly",
		Engine: "mysql", DBs: f.dbs, Compression: compress.Gzip, Key: &f.known, Finished: t0.Add(2 * time.Hour)})
	offlinetest.Write(t, offlinetest.Spec{Dir: f.dir, Object: "secret/crm.dump.enc", Job: "secret",
		Engine: "postgres", DBs: []offlinetest.DB{{Name: "crm", Data: f.app}}, Compression: compress.None, Key: &f.missing,
		Finished: t0.Add(time.Hour)})
	offlinetest.Write(t, offlinetest.Spec{Dir: f.dir, Object: "plain/tiny.sqlite", Job: "tiny",
		Engine: "sqlite", DBs: []offlinetest.DB{{Name: "main", Data: f.plain}}, Compression: compress.None, Finished: t0})
	return f
}

func TestRecoverList(t *testing.T) {
	f := newRecoverFixture(t)
	in := filepath.Join(t.TempDir(), "seed.sql")
	require.NoError(t, os.WriteFile(in, []byte("seed dump"), 0o600))
	legacytest.Write(t, legacytest.Job{Key: f.known[:], ProfileID: "seed-profile", In: in,
		Out: filepath.Join(f.dir, "seed-nightly", "old.sql.gz.enc"), Compression: "gzip"})
	require.NoError(t, os.WriteFile(filepath.Join(f.dir, "orphan.dump.meta.json"), []byte("{}"), 0o600))

	out, errOut, err := runDBackup(t, "recover", f.dir, "--kit", f.kit, "--list")
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 6, out)
	require.Regexp(t, `^#\s+JOB\s+DATABASES\s+TIME\s+SIZE\s+ENCRYPTION\s+KEY\s+FILE$`, lines[0])
	byJob := map[string]string{}
	for _, l := range lines[1:] {
		byJob[strings.Fields(l)[1]] = l
	}
	require.Contains(t, byJob["nightly"], vault.KeyID(f.known)+": key available")
	require.Contains(t, byJob["nightly"], "2026-11-28 06:00")
	require.Contains(t, byJob["nightly"], "encrypted")
	require.Contains(t, byJob["weekly"], "shop,blog")
	require.Contains(t, byJob["secret"], vault.KeyID(f.missing)+": missing key")
	require.Contains(t, byJob["tiny"], "plain")
	require.Contains(t, byJob["seed-nightly"], "legacy-encrypted")
	require.Contains(t, byJob["seed-nightly"], "profile seed-profile: key available")
	require.True(t, strings.HasPrefix(lines[1], "1 "), "newest first: %s", out)
	require.Contains(t, errOut, "skipped "+filepath.Join(f.dir, "orphan.dump.meta.json"))

	out, _, err = runDBackup(t, "recover", f.dir, "--list")
	require.NoError(t, err)
	require.Contains(t, out, vault.KeyID(f.known)+": missing key")
}

func TestRecoverPick(t *testing.T) {
	f := newRecoverFixture(t)
	outDir := filepath.Join(t.TempDir(), "restore")
	// The list is newest first: 1 nightly, 2 weekly, 3 secret, 4 tiny.
	stdout, errOut, err := runDBackup(t, "recover", f.dir, "--kit", f.kit, "--pick", "1", "-o", outDir)
	require.NoError(t, err, errOut)
	require.Contains(t, stdout, "restored "+filepath.Join(outDir, "app_2026-11-28.dump"))
	got, err := os.ReadFile(filepath.Join(outDir, "app_2026-11-28.dump"))
	require.NoError(t, err)
	require.True(t, bytes.Equal(f.app, got))

	// An archive is unpacked into one dump per database.
	stdout, errOut, err = runDBackup(t, "recover", f.dir, "--kit", f.kit, "--name", "weekly", "-o", outDir)
	require.NoError(t, err, errOut)
	require.Contains(t, stdout, "restored 2 databases")
	for _, db := range f.dbs {
		got, err := os.ReadFile(filepath.Join(outDir, "all_2-databases", db.Name+".sql"))
		require.NoError(t, err)
		require.True(t, bytes.Equal(db.Data, got), db.Name)
	}
	// ... or kept whole with --unpack=false.
	t.Setenv("RECOVER_UNPACK", "false")
	_, errOut, err = runDBackup(t, "recover", f.dir, "--kit", f.kit, "--pick", "2", "-o", outDir)
	require.NoError(t, err, errOut)
	require.FileExists(t, filepath.Join(outDir, "all_2-databases.tar"))

	_, _, err = runDBackup(t, "recover", f.dir, "--kit", f.kit, "--name", "crm.dump.enc", "-o", outDir)
	require.ErrorContains(t, err, "this file needs profile key "+vault.KeyID(f.missing))
	require.NoFileExists(t, filepath.Join(outDir, "crm.dump"))

	t.Setenv("RECOVER_PICK", "4")
	_, _, err = runDBackup(t, "recover", f.dir, "-o", outDir)
	require.NoError(t, err)
	got, err = os.ReadFile(filepath.Join(outDir, "tiny.sqlite"))
	require.NoError(t, err)
	require.True(t, bytes.Equal(f.plain, got))

	require.ElementsMatch(t, []string{"app_2026-11-28.dump", "all_2-databases", "all_2-databases/shop.sql",
		"all_2-databases/blog.sql", "all_2-databases.tar", "tiny.sqlite"}, listDir(t, outDir))
}

func TestRecoverRefuses(t *testing.T) {
	f := newRecoverFixture(t)
	_, _, err := runDBackup(t, "recover", f.dir, "--kit", f.kit)
	require.ErrorContains(t, err, "choose the backup with --pick N or --name NAME")
	_, _, err = runDBackup(t, "recover", f.dir, "--pick", "9")
	require.ErrorContains(t, err, "--pick: 9 is not between 1 and 4")
	_, _, err = runDBackup(t, "recover", f.dir, "--name", "nope")
	require.ErrorContains(t, err, `no backup file or job is called "nope"`)
	_, _, err = runDBackup(t, "recover", t.TempDir(), "--list")
	require.ErrorContains(t, err, "no backups")
}

func TestChooseBackup(t *testing.T) {
	backups := []*offline.Backup{{Path: "a"}, {Path: "b"}}
	var prompt bytes.Buffer
	b, err := chooseBackup(strings.NewReader("x\n3\n 2 \n"), &prompt, backups)
	require.NoError(t, err)
	require.Equal(t, "b", b.Path)
	require.Equal(t, "Restore which backup? [1-2, empty to cancel]: \"x\" is not a number between 1 and 2\n"+
		"Restore which backup? [1-2, empty to cancel]: \"3\" is not a number between 1 and 2\n"+
		"Restore which backup? [1-2, empty to cancel]: ", prompt.String())
	for _, in := range []string{"\n", ""} {
		b, err = chooseBackup(strings.NewReader(in), &prompt, backups)
		require.NoError(t, err)
		require.Nil(t, b)
	}
}
