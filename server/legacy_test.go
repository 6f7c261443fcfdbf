package server

import (
	"compress/gzip"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/legacy/legacytest"
)

const legacyListingOp = `query($d: ID!) { destinationListing(destination: $d) {
	backups { id objectKey sha256 encrypted keyID databases jobName engine format }
	unknownObjects { key } invalidSidecars { key reason } } }`

// seedPlainDump runs the real pg_dump as the seed product did (`pg_dump -f FILE db`: plain SQL).
func seedPlainDump(t *testing.T, f fixture, out string) {
	t.Helper()
	pgDump, err := exec.LookPath("pg_dump")
	require.NoError(t, err, "pg_dump is needed to make a seed PostgreSQL backup")
	cmd := exec.Command(pgDump, "--no-password", "-f", out, "--dbname="+f.dsn(f.db))
	b, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", b)
}

// patchMeta rewrites fields of a seed sidecar, as the seed's PostgreSQL jobs wrote them.
func patchMeta(t *testing.T, file string, fields map[string]any) {
	t.Helper()
	var m map[string]any
	b, err := os.ReadFile(file + ".meta.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &m))
	for k, v := range fields {
		m[k] = v
	}
	b, err = json.Marshal(m)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(file+".meta.json", b, 0o600))
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Dir(to), 0o755))
	require.NoError(t, os.WriteFile(to, b, 0o600))
}

// itemsExists reports whether db has the fixture's table.
func itemsExists(t *testing.T, f fixture, db string) bool {
	var ok bool
	require.NoError(t, f.open(t, db).QueryRow(`SELECT to_regclass('items') IS NOT NULL`).Scan(&ok))
	return ok
}

// TestLegacySeedBackups: a fresh instance pointed at a folder of the seed product's backups
// lists them, refuses them without the seed profile's key, restores them into PostgreSQL once
// the key is imported (gzip and brotli, plain SQL from the real pg_dump), refuses a changed copy
// before touching the target, and streams one decrypted.
func TestLegacySeedBackups(t *testing.T) {
	f := pgFixture(t)
	f.seed(t, f.db, 300)
	work := t.TempDir()
	dump := filepath.Join(work, "prod.sql")
	seedPlainDump(t, f, dump)
	plain, err := os.ReadFile(dump)
	require.NoError(t, err)

	key := make([]byte, 32)
	_, err = rand.Read(key)
	require.NoError(t, err)
	const seedProfile = "cm5seedprofile0001"
	dir := t.TempDir()
	gz := filepath.Join(dir, "seed-nightly", "prod_2025-06-01.sql.gz.enc")
	legacytest.Write(t, legacytest.Job{Key: key, ProfileID: seedProfile, In: dump, Out: gz, Compression: "gzip"})
	patchMeta(t, gz, map[string]any{"sourceType": "postgres", "databases": map[string]any{"count": 1, "names": []string{"prod"}}})
	br := filepath.Join(dir, "seed-flat", "prod_2025-06-02.sql.br.enc")
	legacytest.Write(t, legacytest.Job{Key: key, ProfileID: seedProfile, In: dump, Out: br, Compression: "brotli", Layout: "flat"})
	patchMeta(t, br, map[string]any{"databases": []string{"prod"}})

	e := newBackupEnv(t)
	disk := e.localDest("old-seed", dir)
	l := e.do(legacyListingOp, map[string]any{"d": disk}, "destinationListing")
	require.Empty(t, l["invalidSidecars"])
	require.Empty(t, l["unknownObjects"])
	byKey := map[string]map[string]any{}
	for _, b := range l["backups"].([]any) {
		b := b.(map[string]any)
		byKey[b["objectKey"].(string)] = b
	}
	require.Len(t, byKey, 2)
	gzb, brb := byKey["seed-nightly/prod_2025-06-01.sql.gz.enc"], byKey["seed-flat/prod_2025-06-02.sql.br.enc"]
	require.NotNil(t, gzb, "%v", byKey)
	require.NotNil(t, brb, "%v", byKey)
	require.Equal(t, "seed-nightly", gzb["jobName"])
	require.Equal(t, "seed-flat", brb["jobName"])
	for _, b := range []map[string]any{gzb, brb} {
		require.Equal(t, []any{"prod"}, b["databases"])
		require.Equal(t, "postgres", b["engine"])
		require.Equal(t, "legacy-seed", b["format"])
		require.Equal(t, true, b["encrypted"])
		require.Empty(t, b["keyID"])
	}
	require.Len(t, gzb["sha256"], 64, "the seed's checksum is recorded")
	require.Empty(t, brb["sha256"], "the flat sidecar has no checksum")

	const verifyOp = `mutation($id: ID!) { verifyBackup(id: $id) { verifyOk verifyError } }`
	require.Equal(t, true, e.do(verifyOp, map[string]any{"id": gzb["id"]}, "verifyBackup")["verifyOk"])
	v := e.do(verifyOp, map[string]any{"id": brb["id"]}, "verifyBackup")
	require.Equal(t, false, v["verifyOk"])
	require.Contains(t, v["verifyError"], "records no SHA-256")

	src := e.source("pg", f)
	// Without the key: refused, the target untouched.
	target := f.newTarget(t)
	res := e.restore(gzb["id"].(string), src, map[string]string{"prod": target})
	require.Equal(t, "FAILED", res["status"], "%v", res)
	require.Equal(t, "UNKNOWN_KEY", res["errorCode"])
	require.Contains(t, res["error"], "import the seed profile's 64-hex key (Vault → Encryption Profiles → Import)")
	require.False(t, itemsExists(t, f, target))
	r := fetchRaw(t, e.url+"/api/backups/"+gzb["id"].(string)+"/download?decrypt=true", e.admin)
	require.Equal(t, http.StatusConflict, r.status, r.body)
	require.Contains(t, r.body, "UNKNOWN_KEY")

	// Another profile first, then the seed key: the one whose tag verifies is used.
	e.do(createProfileOp, map[string]any{"name": "unrelated"}, "createEncryptionProfile")
	e.do(`mutation($k: String!) { createEncryptionProfile(input: {name: "seed", importKey: $k}) { id } }`,
		map[string]any{"k": hex.EncodeToString(key)}, "createEncryptionProfile")

	res = e.restore(gzb["id"].(string), src, map[string]string{"prod": target})
	require.Equal(t, "SUCCESS", res["status"], "%v", res)
	require.Equal(t, f.fingerprint(t, f.db), f.fingerprint(t, target))
	target2 := f.newTarget(t)
	res = e.restore(brb["id"].(string), src, map[string]string{"prod": target2})
	require.Equal(t, "SUCCESS", res["status"], "%v", res)
	require.Equal(t, f.fingerprint(t, f.db), f.fingerprint(t, target2))

	// A changed copy fails verification; the target is never written.
	changed := filepath.Join(dir, "changed", "prod_2025-06-01.sql.gz.enc")
	copyFile(t, gz, changed)
	copyFile(t, gz+".meta.json", changed+".meta.json")
	raw, err := os.ReadFile(changed)
	require.NoError(t, err)
	raw[len(raw)/2] ^= 1
	require.NoError(t, os.WriteFile(changed, raw, 0o600))
	l = e.do(legacyListingOp, map[string]any{"d": disk}, "destinationListing")
	var changedID string
	for _, b := range l["backups"].([]any) {
		if b := b.(map[string]any); b["objectKey"] == "changed/prod_2025-06-01.sql.gz.enc" {
			changedID = b["id"].(string)
		}
	}
	require.NotEmpty(t, changedID)
	target3 := f.newTarget(t)
	res = e.restore(changedID, src, map[string]string{"prod": target3})
	require.Equal(t, "FAILED", res["status"], "%v", res)
	require.Equal(t, "INTEGRITY", res["errorCode"], "%v", res)
	require.False(t, itemsExists(t, f, target3), "the target is unchanged")

	// A multi-database seed tar (manifest first, one plain dump per database) restores each
	// database where the mapping says.
	tarFile := filepath.Join(dir, "seed-multi", "all_2025-06-03.tar.gz.enc")
	legacytest.Write(t, legacytest.Job{Key: key, ProfileID: seedProfile, Out: tarFile, Compression: "gzip",
		Tar: []legacytest.TarEntry{{Name: "prod.sql", File: dump, DB: "prod"}, {Name: "copy.sql", File: dump, DB: "copy"}}})
	patchMeta(t, tarFile, map[string]any{"sourceType": "postgres"})
	l = e.do(legacyListingOp, map[string]any{"d": disk}, "destinationListing")
	var tarb map[string]any
	for _, b := range l["backups"].([]any) {
		if b := b.(map[string]any); b["objectKey"] == "seed-multi/all_2025-06-03.tar.gz.enc" {
			tarb = b
		}
	}
	require.NotNil(t, tarb)
	require.Equal(t, "legacy-seed-tar", tarb["format"])
	require.Equal(t, []any{"prod", "copy"}, tarb["databases"])
	t4, t5 := f.newTarget(t), f.newTarget(t)
	res = e.restore(tarb["id"].(string), src, map[string]string{"prod": t4, "copy": t5})
	require.Equal(t, "SUCCESS", res["status"], "%v", res)
	require.Equal(t, f.fingerprint(t, f.db), f.fingerprint(t, t4))
	require.Equal(t, f.fingerprint(t, f.db), f.fingerprint(t, t5))

	// Decrypted download: the tag is verified first, then the gzip stream of the dump.
	r = fetchRaw(t, e.url+"/api/backups/"+gzb["id"].(string)+"/download?decrypt=true", e.admin)
	require.Equal(t, http.StatusOK, r.status, r.body)
	require.True(t, strings.HasSuffix(r.header.Get("Content-Disposition"), "=prod_2025-06-01.sql.gz"), r.header.Get("Content-Disposition"))
	zr, err := gzip.NewReader(strings.NewReader(r.body))
	require.NoError(t, err)
	got, err := io.ReadAll(zr)
	require.NoError(t, err)
	require.Equal(t, string(plain), string(got))
	r = fetchRaw(t, e.url+"/api/backups/"+changedID+"/download?decrypt=true", e.admin)
	require.Equal(t, http.StatusConflict, r.status, r.body)
	require.Contains(t, r.body, "INTEGRITY")
}
