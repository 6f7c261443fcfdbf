package server

import (
	"testing"

	"github.com/stretchr/testify/require"
)

const (
	retainedOp      = `query($id: ID!) { node(id: $id) { ... on EncryptionProfile { retainedBackups { destination { name } destinationName count } } } }`
	deleteProfileOp = `mutation($id: ID!, $confirm: Boolean) { deleteEncryptionProfile(id: $id, confirmRetainedBackups: $confirm) }`
)

// TestKeyAwareVault: a profile shows how many retained backups on which destinations its key
// opens; deleting it is refused with those counts unless confirmed (or another profile holds the
// same key); and a job whose key cannot be opened fails instead of storing unencrypted backups.
func TestKeyAwareVault(t *testing.T) {
	dir := t.TempDir()
	keyA, _ := hexKey(t)
	keyB, _ := hexKey(t)
	s := start(t, Config{DataDir: dir, Getenv: envMap(map[string]string{"ENCRYPTION_KEY": keyA})}, testDist)
	e := &backupEnv{t: t, url: s.url, admin: withCookie(adminCookie(t, s.url), true)}
	f := sqliteFixture(t)
	f.seed(t, f.db, 20)
	profile := e.do(createProfileOp, map[string]any{"name": "main"}, "createEncryptionProfile")["id"].(string)
	east, west := t.TempDir(), t.TempDir()
	src := e.source("lite", f)
	job := e.job("nightly", src, nil, profile, e.localDest("east", east), e.localDest("west", west))
	for range 2 {
		require.Equal(t, "SUCCESS", e.run(job)["status"])
	}
	retained := e.do(retainedOp, map[string]any{"id": profile}, "node")["retainedBackups"]
	require.Equal(t, []any{
		map[string]any{"destination": map[string]any{"name": "east"}, "destinationName": "east", "count": float64(2)},
		map[string]any{"destination": map[string]any{"name": "west"}, "destinationName": "west", "count": float64(2)},
	}, retained)

	r := gqlVars(t, e.url, deleteProfileOp, map[string]any{"id": profile}, e.admin)
	require.Equal(t, "IN_USE", errorCode(t, r.json))
	data(t, gqlVars(t, e.url, `mutation($id: ID!) { deleteJob(id: $id) }`, map[string]any{"id": job}, e.admin), "deleteJob")

	// Refused with the counts, and nothing deleted.
	r = gqlVars(t, e.url, deleteProfileOp, map[string]any{"id": profile}, e.admin)
	require.Equal(t, "RETAINED_BACKUPS", errorCode(t, r.json), "%v", r.json)
	require.Contains(t, r.body, `4 retained backup(s) (2 on \"east\", 2 on \"west\")`)
	ext := r.json["errors"].([]any)[0].(map[string]any)["extensions"].(map[string]any)
	require.Len(t, ext["retainedBackups"], 2)

	// A second profile with the same key (imported) keeps the backups open: no confirmation needed.
	key := e.do(`mutation($id: ID!) { revealEncryptionProfileKey(id: $id) { key } }`, map[string]any{"id": profile}, "revealEncryptionProfileKey")["key"]
	twin := e.do(`mutation($k: String!) { createEncryptionProfile(input: {name: "imported", importKey: $k}) { id } }`,
		map[string]any{"k": key}, "createEncryptionProfile")["id"].(string)
	require.Equal(t, profile, data(t, gqlVars(t, e.url, deleteProfileOp, map[string]any{"id": profile}, e.admin), "deleteEncryptionProfile"))

	// The last profile with the key needs the explicit confirmation.
	r = gqlVars(t, e.url, deleteProfileOp, map[string]any{"id": twin, "confirm": false}, e.admin)
	require.Equal(t, "RETAINED_BACKUPS", errorCode(t, r.json))
	require.Equal(t, twin, data(t, gqlVars(t, e.url, deleteProfileOp, map[string]any{"id": twin, "confirm": true}, e.admin), "deleteEncryptionProfile"))

	// No silent fallback: a profile key sealed under another ENCRYPTION_KEY fails the run and
	// stores nothing, not even unencrypted.
	profile = e.do(createProfileOp, map[string]any{"name": "second"}, "createEncryptionProfile")["id"].(string)
	out := t.TempDir()
	job = e.job("sealed", src, nil, profile, e.localDest("out", out))
	require.NoError(t, s.stop())
	s = start(t, Config{DataDir: dir, Getenv: envMap(map[string]string{"ENCRYPTION_KEY": keyB})}, testDist)
	e = &backupEnv{t: t, url: s.url, admin: withCookie(sessionCookieOf(t, login(t, s.url, adminName, adminPassword)), true)}
	exe := e.run(job)
	require.Equal(t, "FAILED", exe["status"], "%v", exe)
	require.Equal(t, "ENCRYPTION_KEY_MISMATCH", exe["errorCode"])
	require.Contains(t, exe["error"], `"second"`)
	require.Empty(t, storedFiles(t, out))
}

// TestImportedKeyRestoresOnFreshInstance: a key revealed on one instance and imported into a
// fresh one (another data dir, another ENCRYPTION_KEY, another profile id) opens the first
// instance's backups at once: the storage explorer of the same folder lists them and they restore.
func TestImportedKeyRestoresOnFreshInstance(t *testing.T) {
	store := t.TempDir()
	f := sqliteFixture(t)
	f.seed(t, f.db, 120)
	first := newBackupEnv(t)
	profile := first.do(createProfileOp, map[string]any{"name": "prod"}, "createEncryptionProfile")
	exe := first.run(first.job("nightly", first.source("lite", f), nil, profile["id"].(string), first.localDest("disk", store)))
	require.Equal(t, "SUCCESS", exe["status"], "%v", exe)
	key := first.do(`mutation($id: ID!) { revealEncryptionProfileKey(id: $id) { key } }`,
		map[string]any{"id": profile["id"]}, "revealEncryptionProfileKey")["key"]

	fresh := newBackupEnv(t)
	disk := fresh.localDest("old-folder", store)
	backups := fresh.do(listingOp, map[string]any{"d": disk}, "destinationListing")["backups"].([]any)
	require.Len(t, backups, 1)
	b := backups[0].(map[string]any)
	require.Equal(t, profile["keyID"], b["keyID"])

	// Without the key: a clear refusal naming the key id.
	target := f.newTarget(t)
	copySrc := fresh.source("copy", fixture{engine: "sqlite", settings: map[string]string{"database": target}})
	res := fresh.restore(b["id"].(string), copySrc, nil)
	require.Equal(t, "FAILED", res["status"])
	require.Equal(t, "UNKNOWN_KEY", res["errorCode"])
	require.Contains(t, res["error"], profile["keyID"])

	imported := fresh.do(`mutation($k: String!) { createEncryptionProfile(input: {name: "imported", importKey: $k}) { id keyID } }`,
		map[string]any{"k": key}, "createEncryptionProfile")
	require.Equal(t, profile["keyID"], imported["keyID"])
	require.NotEqual(t, profile["id"], imported["id"])
	res = fresh.restore(b["id"].(string), copySrc, nil)
	require.Equal(t, "SUCCESS", res["status"], "%v", res)
	require.Equal(t, f.fingerprint(t, f.db), f.fingerprint(t, target))
	retained := fresh.do(retainedOp, map[string]any{"id": imported["id"]}, "node")["retainedBackups"]
	require.Equal(t, []any{map[string]any{"destination": map[string]any{"name": "old-folder"}, "destinationName": "old-folder", "count": float64(1)}}, retained)
}
