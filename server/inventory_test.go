package server

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/stretchr/testify/require"
)

const listingOp = `query($d: ID!) { destinationListing(destination: $d) {
	backups { id objectKey sha256 encrypted keyID databases jobName job { name } verifiedAt verifyOk verifyError }
	unknownObjects { key sizeBytes } invalidSidecars { key reason } } }`

// TestDestinationListingVerifyDelete: a destination's backups are listed from their sidecars —
// also by a fresh instance that never made them — objects without a sidecar are shown as
// unknown, verification notices a changed object, and deleting removes object and sidecar.
func TestDestinationListingVerifyDelete(t *testing.T) {
	dir := t.TempDir()
	f := sqliteFixture(t)
	f.seed(t, f.db, 50)

	first := newBackupEnv(t)
	// A template that names every run of a day alike: the second run must not replace the first.
	job := first.do(createJobOp, map[string]any{"in": map[string]any{"name": "nightly", "sourceId": first.source("lite", f),
		"nameTemplate": "{job}/{date}", "targets": []map[string]any{{"destinationId": first.localDest("disk", dir)}}}}, "createJob")["id"].(string)
	a, b := first.run(job), first.run(job)
	require.Equal(t, "SUCCESS", a["status"])
	require.Equal(t, "SUCCESS", b["status"])
	require.NotEqual(t, a["objectKey"], b["objectKey"])
	require.Contains(t, b["objectKey"], b["id"], "the second name gets the run's id")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "by-hand.sql"), []byte("SELECT 1;"), 0o600))

	// A fresh instance pointed at the same folder sees both backups.
	e := newBackupEnv(t)
	disk := e.localDest("same-folder", dir)
	l := e.do(listingOp, map[string]any{"d": disk}, "destinationListing")
	backups := l["backups"].([]any)
	require.Len(t, backups, 2)
	require.Equal(t, []any{map[string]any{"key": "by-hand.sql", "sizeBytes": float64(9)}}, l["unknownObjects"])
	require.Empty(t, l["invalidSidecars"])
	newest := backups[0].(map[string]any)
	require.Equal(t, b["objectKey"], newest["objectKey"], "newest first")
	require.Equal(t, "nightly", newest["jobName"])
	require.Nil(t, newest["job"], "the job belongs to the other instance")

	// It restores from there, into a new file.
	target := f.newTarget(t)
	res := e.restore(newest["id"].(string), e.source("copy", fixture{engine: "sqlite", settings: map[string]string{"database": target}}), nil)
	require.Equal(t, "SUCCESS", res["status"], "%v", res)
	require.Equal(t, f.fingerprint(t, f.db), f.fingerprint(t, target))

	// Verify: intact, then changed.
	const verifyOp = `mutation($id: ID!) { verifyBackup(id: $id) { verifiedAt verifyOk verifyError } }`
	v := e.do(verifyOp, map[string]any{"id": newest["id"]}, "verifyBackup")
	require.Equal(t, true, v["verifyOk"], "%v", v)
	obj := filepath.Join(dir, filepath.FromSlash(newest["objectKey"].(string)))
	raw, err := os.ReadFile(obj)
	require.NoError(t, err)
	raw[len(raw)/2] ^= 1
	require.NoError(t, os.WriteFile(obj, raw, 0o600))
	v = e.do(verifyOp, map[string]any{"id": newest["id"]}, "verifyBackup")
	require.Equal(t, false, v["verifyOk"])
	require.Contains(t, v["verifyError"], "differs from the recorded")

	// Delete removes object and sidecar; the listing forgets it; the unknown file stays.
	del := gqlVars(t, e.url, `mutation($id: ID!) { deleteBackup(id: $id) }`, map[string]any{"id": newest["id"]}, e.admin)
	require.Equal(t, newest["id"], data(t, del, "deleteBackup"))
	require.NoFileExists(t, obj)
	require.NoFileExists(t, obj+".meta.json")
	l = e.do(listingOp, map[string]any{"d": disk}, "destinationListing")
	require.Len(t, l["backups"], 1)
	require.FileExists(t, filepath.Join(dir, "by-hand.sql"))
}

// TestBackupDownload streams a stored backup raw and decrypted through /api, and refuses
// anonymous requests.
func TestBackupDownload(t *testing.T) {
	e := newBackupEnv(t)
	f := sqliteFixture(t)
	f.seed(t, f.db, 200)
	profile := e.do(createProfileOp, map[string]any{"name": "main"}, "createEncryptionProfile")["id"].(string)
	exe := e.run(e.job("enc", e.source("lite", f), nil, profile, e.localDest("disk", t.TempDir())))
	require.Equal(t, "SUCCESS", exe["status"], "%v", exe)
	url := e.url + "/api/backups/" + backupsOf(exe)[0]["id"].(string) + "/download"

	r := send(t, http.MethodGet, url, "", nil)
	require.Equal(t, http.StatusUnauthorized, r.status)
	require.Equal(t, "UNAUTHENTICATED", authError(r))

	r = fetchRaw(t, url, e.admin)
	require.Equal(t, http.StatusOK, r.status)
	sum := sha256.Sum256([]byte(r.body))
	require.Equal(t, exe["sha256"], hex.EncodeToString(sum[:]), "the stored bytes, unchanged")
	require.Contains(t, r.header.Get("Content-Disposition"), ".sqlite.zst.enc")

	r = fetchRaw(t, url+"?decrypt=true", e.admin)
	require.Equal(t, http.StatusOK, r.status)
	require.True(t, strings.HasSuffix(r.header.Get("Content-Disposition"), ".sqlite.zst"), r.header.Get("Content-Disposition"))
	dec, err := zstd.NewReader(strings.NewReader(r.body))
	require.NoError(t, err)
	plain, err := io.ReadAll(dec)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(plain), "SQLite format 3\x00"), "a zstd-compressed SQLite file")
}

// fetchRaw GETs url with headers and returns the body as it is (send expects JSON).
func fetchRaw(t *testing.T, url string, headers map[string]string) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return reply{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// TestDownloadLinksAndPermissions: a user without storage:download can neither download nor make
// a link; an admin's one-time link works once without a session, and says so when reused.
func TestDownloadLinksAndPermissions(t *testing.T) {
	e := newBackupEnv(t)
	f := sqliteFixture(t)
	f.seed(t, f.db, 50)
	profile := e.do(createProfileOp, map[string]any{"name": "main"}, "createEncryptionProfile")["id"].(string)
	exe := e.run(e.job("enc", e.source("lite", f), nil, profile, e.localDest("disk", t.TempDir())))
	require.Equal(t, "SUCCESS", exe["status"], "%v", exe)
	backup := backupsOf(exe)[0]["id"].(string)

	readers := data(t, gqlVars(t, e.url, createGroupOp, map[string]any{"in": map[string]any{
		"name": "Readers", "permissions": []string{"storage:read"}}}, e.admin), "createGroup").(map[string]any)
	data(t, gqlVars(t, e.url, createUserOp, map[string]any{"in": map[string]any{
		"username": "reader", "password": aliceSecret, "groupIds": []any{readers["id"]}}}, e.admin), "createUser")
	reader := withCookie(sessionCookieOf(t, login(t, e.url, "reader", aliceSecret)), true)

	const linkOp = `mutation($b: ID!, $d: Boolean, $m: Int) { createBackupDownloadLink(backup: $b, decrypt: $d, expiresInMinutes: $m) { url expiresAt } }`
	r := fetchRaw(t, e.url+"/api/backups/"+backup+"/download", reader)
	require.Equal(t, http.StatusForbidden, r.status)
	require.Equal(t, "FORBIDDEN", gqlCode(gqlVars(t, e.url, linkOp, map[string]any{"b": backup}, reader)))

	r2 := gqlVars(t, e.url, linkOp, map[string]any{"b": backup, "m": 0}, e.admin)
	require.Equal(t, "INVALID_INPUT", gqlCode(r2))
	require.Equal(t, "expiresInMinutes", errorField(r2))

	link := data(t, gqlVars(t, e.url, linkOp, map[string]any{"b": backup, "d": true, "m": 5}, e.admin), "createBackupDownloadLink").(map[string]any)
	url := link["url"].(string)
	require.True(t, strings.HasPrefix(url, "/api/links/"), url)
	r = fetchRaw(t, e.url+url, nil)
	require.Equal(t, http.StatusOK, r.status, r.body)
	require.True(t, strings.HasSuffix(r.header.Get("Content-Disposition"), ".sqlite.zst"), "decrypted")
	dec, err := zstd.NewReader(strings.NewReader(r.body))
	require.NoError(t, err)
	plain, err := io.ReadAll(dec)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(plain), "SQLite format 3\x00"))

	r = fetchRaw(t, e.url+url, nil)
	require.Equal(t, http.StatusGone, r.status)
	require.Contains(t, r.body, "LINK_USED")
	r = fetchRaw(t, e.url+"/api/links/"+strings.Repeat("x", 43), nil)
	require.Equal(t, http.StatusNotFound, r.status)
	require.Contains(t, r.body, "LINK_INVALID")

	// A raw link serves the stored bytes, unchanged; making links and using them is audited.
	link = data(t, gqlVars(t, e.url, linkOp, map[string]any{"b": backup}, e.admin), "createBackupDownloadLink").(map[string]any)
	r = fetchRaw(t, e.url+link["url"].(string), nil)
	require.Equal(t, http.StatusOK, r.status, r.body)
	sum := sha256.Sum256([]byte(r.body))
	require.Equal(t, exe["sha256"], hex.EncodeToString(sum[:]))
	audit := fmt.Sprint(data(t, query(t, e.url, `{ auditLog(first: 10, orderBy: {direction: DESC, field: TIME}) { edges { node { action } } } }`, e.admin), "auditLog"))
	require.Contains(t, audit, "downloadLink.create")
	require.Contains(t, audit, "backup.download")
}
