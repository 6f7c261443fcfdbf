package server

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const kitLinkOp = `mutation($p: [ID!]!) { createRecoveryKitLink(profiles: $p) { url expiresAt } }`

// TestRecoveryKitFromServer: the kit the server hands out through a one-time link, unzipped,
// decrypts a real backup of the pipeline with nothing but `node dbackup-recover.js --decrypt`.
// Making the link needs vault:reveal; using it is audited.
func TestRecoveryKitFromServer(t *testing.T) {
	node, err := exec.LookPath("node")
	require.NoError(t, err, "node (18+) is needed for the Recovery Kit test: scripts/test.sh installs it")
	e := newBackupEnv(t)
	f := sqliteFixture(t)
	f.seed(t, f.db, 300)
	profile := e.do(createProfileOp, map[string]any{"name": "Prod keys"}, "createEncryptionProfile")["id"].(string)
	store := t.TempDir()
	job := e.do(createJobOp, map[string]any{"in": map[string]any{"name": "kit", "sourceId": e.source("lite", f),
		"encryptionProfileId": profile, "compression": "gzip",
		"targets": []map[string]any{{"destinationId": e.localDest("disk", store)}}}}, "createJob")["id"].(string)
	exe := e.run(job)
	require.Equal(t, "SUCCESS", exe["status"], "%v", exe)
	object := filepath.Join(store, filepath.FromSlash(exe["objectKey"].(string)))
	require.True(t, strings.HasSuffix(object, ".sqlite.gz.enc"), object)

	r := gqlVars(t, e.url, kitLinkOp, map[string]any{"p": []string{}}, e.admin)
	require.Equal(t, "INVALID_INPUT", gqlCode(r))
	link := data(t, gqlVars(t, e.url, kitLinkOp, map[string]any{"p": []string{profile}}, e.admin), "createRecoveryKitLink").(map[string]any)
	kit := fetchRaw(t, e.url+link["url"].(string), nil)
	require.Equal(t, http.StatusOK, kit.status, kit.body)
	require.Equal(t, "application/zip", kit.header.Get("Content-Type"))
	require.Equal(t, http.StatusGone, fetchRaw(t, e.url+link["url"].(string), nil).status, "a kit link works once")

	dir := t.TempDir()
	unzip(t, []byte(kit.body), dir)
	require.FileExists(t, filepath.Join(dir, "keys", "Prod_keys.key"))
	out := t.TempDir()
	cmd := exec.Command(node, filepath.Join(dir, "dbackup-recover.js"), "--decrypt", object, "-o", out)
	cmd.Dir = dir
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", msg)
	restored := filepath.Join(out, strings.TrimSuffix(filepath.Base(object), ".gz.enc"))
	require.Equal(t, f.fingerprint(t, f.db), f.fingerprint(t, restored), "%s", msg)

	audit := data(t, query(t, e.url, `{ auditLog(first: 10, orderBy: {direction: DESC, field: TIME}) { edges { node { action } } } }`, e.admin), "auditLog")
	require.Contains(t, fmt.Sprint(audit), "vault.recoveryKit")
	require.Contains(t, fmt.Sprint(audit), "downloadLink.create")
}

// unzip extracts a ZIP held in memory into dir.
func unzip(t *testing.T, b []byte, dir string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	for _, f := range zr.File {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		require.True(t, strings.HasPrefix(p, dir+string(filepath.Separator)), f.Name)
		if f.FileInfo().IsDir() {
			require.NoError(t, os.MkdirAll(p, 0o755))
			continue
		}
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		rc, err := f.Open()
		require.NoError(t, err)
		body, err := io.ReadAll(rc)
		require.NoError(t, err)
		require.NoError(t, rc.Close())
		require.NoError(t, os.WriteFile(p, body, f.Mode().Perm()|0o600))
	}
}
