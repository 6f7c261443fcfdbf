package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/keycheck"
	"github.com/dbackup/dbackup/internal/database"
	"github.com/dbackup/dbackup/internal/syskey"
	"github.com/dbackup/dbackup/internal/testutil/pgtest"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// keyEnv is env without the developer's own keys or test hooks, plus extra.
func keyEnv(extra ...string) []string {
	var out []string
	for _, kv := range env() {
		if name, _, _ := strings.Cut(kv, "="); !strings.HasPrefix(name, "ENCRYPTION_KEY") && !strings.HasPrefix(name, "DBACKUP_TEST_") {
			out = append(out, kv)
		}
	}
	return append(out, extra...)
}

// runKey runs `dbackup key args…` and returns its output and exit code.
func runKey(t *testing.T, extra []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"key"}, args...)...)
	cmd.Env = keyEnv(extra...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		require.NoError(t, err)
	}
	return out.String(), errOut.String(), cmd.ProcessState.ExitCode()
}

func newHexKey(t *testing.T) string {
	t.Helper()
	k, err := vault.GenerateKey()
	require.NoError(t, err)
	return k.Reveal()
}

func kid(t *testing.T, hexKey string) string {
	t.Helper()
	k, err := vault.ParseKey(hexKey)
	require.NoError(t, err)
	return vault.KeyID(k)
}

func sqliteURL(dir string) string { return "sqlite://" + filepath.Join(dir, "dbackup.db") }

func openDB(t *testing.T, url string) *database.DB {
	t.Helper()
	cfg, err := database.ParseURL(url)
	require.NoError(t, err)
	require.NoError(t, database.Migrate(context.Background(), cfg, 0))
	db, err := database.Open(context.Background(), cfg)
	require.NoError(t, err)
	return db
}

func keyring(t *testing.T, hexKeys ...string) *vault.Keyring {
	t.Helper()
	ks := make([]vault.Key, len(hexKeys))
	for i, h := range hexKeys {
		k, err := vault.ParseKey(h)
		require.NoError(t, err)
		ks[i] = k
	}
	kr, err := vault.NewKeyring(ks[0], ks[1:]...)
	require.NoError(t, err)
	return kr
}

// withClient runs fn with an ent client that seals with hexKeys (the first primary), through
// syskey.Open as the server does, and closes the database afterwards so the binary runs alone.
func withClient(t *testing.T, url, dataDir string, fn func(*ent.Client), hexKeys ...string) {
	t.Helper()
	db := openDB(t, url)
	defer db.Close()
	sk, err := syskey.Open(context.Background(), db.DB, db.EntDialect(), syskey.Keys{Keyring: keyring(t, hexKeys...), Source: "test"}, syskey.Options{DataDir: dataDir})
	require.NoError(t, err)
	fn(sk.Client())
}

// seedEach stores one entity of every type with every secret set: 16 sealed values.
func seedEach(t *testing.T, url, dataDir, hexKey string) {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	withClient(t, url, dataDir, func(c *ent.Client) {
		c.Source.Create().SetName("prod-db").SetEngine("postgres").SetPassword("src-pass").SetTLSClientKey("src-tls").
			SetSSHPassword("src-ssh").SetSSHPrivateKey("src-ssh-key").SetSSHPrivateKeyPassphrase("src-phrase").SaveX(ctx)
		c.Destination.Create().SetName("s3").SetKind("s3").SetSecretAccessKey("dst-s3").SetPassword("dst-pass").
			SetPrivateKey("dst-key").SetPrivateKeyPassphrase("dst-phrase").SetOauthClientSecret("dst-oauth").
			SetOauthRefreshToken("dst-refresh").SetOauthAccessToken("dst-access").SaveX(ctx)
		c.EncryptionProfile.Create().SetName("default").SetKeyID("abcd").SetKey(strings.Repeat("0f", 32)).SaveX(ctx)
		c.SSOProvider.Create().SetName("Keycloak").SetIssuerURL("https://id.example.com").SetClientID("dbackup").SetClientSecret("sso-secret").SaveX(ctx)
		u := c.User.Create().SetUsername("admin").SetTotpSecret("JBSWY3DPEHPK3PXP").SaveX(ctx)
		c.APIKey.Create().SetName("ci").SetPrefix("dbk_abcd").SetSecretHash(strings.Repeat("9f", 32)).SetOwner(u).SaveX(ctx)
	}, hexKey)
}

// seedSources stores n sources with five secrets each, in bulk.
func seedSources(t *testing.T, url, dataDir, hexKey string, n int) {
	t.Helper()
	const chunk = 100
	ctx := viewer.SystemContext(context.Background())
	withClient(t, url, dataDir, func(c *ent.Client) {
		for start := 0; start < n; start += chunk {
			var bulk []*ent.SourceCreate
			for i := start; i < min(start+chunk, n); i++ {
				bulk = append(bulk, c.Source.Create().SetName(fmt.Sprintf("src-%05d", i)).SetEngine("mysql").
					SetPassword(fmt.Sprintf("pass-%d", i)).SetTLSClientKey(fmt.Sprintf("tls-%d", i)).
					SetSSHPassword(fmt.Sprintf("ssh-%d", i)).SetSSHPrivateKey(fmt.Sprintf("sshkey-%d", i)).
					SetSSHPrivateKeyPassphrase(fmt.Sprintf("phrase-%d", i)))
			}
			c.Source.CreateBulk(bulk...).ExecX(ctx)
		}
	}, hexKey)
}

// rawValues reads every stored secret (the key check aside) as it is in the database, by place.
func rawValues(t *testing.T, url string) map[string]string {
	t.Helper()
	db := openDB(t, url)
	defer db.Close()
	out := map[string]string{}
	for table, cols := range ent.SecretColumns {
		if table == keycheck.Table {
			continue
		}
		rows, err := db.Query("SELECT id, " + strings.Join(cols, ", ") + " FROM " + table)
		require.NoError(t, err)
		vals := make([]*string, len(cols)+1)
		dest := make([]any, len(vals))
		for i := range vals {
			dest[i] = &vals[i]
		}
		for rows.Next() {
			require.NoError(t, rows.Scan(dest...))
			for i, col := range cols {
				if v := vals[i+1]; v != nil && *v != "" {
					out[vault.Place{Table: table, Column: col, RowID: *vals[0]}.String()] = *v
				}
			}
		}
		require.NoError(t, rows.Err())
		require.NoError(t, rows.Close())
	}
	return out
}

// plaintexts opens every stored secret with the given keys alone; any that fails fails the test.
func plaintexts(t *testing.T, url string, hexKeys ...string) map[string]string {
	t.Helper()
	kr := keyring(t, hexKeys...)
	out := map[string]string{}
	for place, sealed := range rawValues(t, url) {
		table, rest, _ := strings.Cut(place, ".")
		col, id, _ := strings.Cut(strings.TrimSuffix(rest, "]"), "[")
		plain, err := kr.Open(sealed, vault.Place{Table: table, Column: col, RowID: id})
		require.NoError(t, err, "%s does not open with %v", place, kr)
		out[place] = string(plain)
	}
	return out
}

// keyIDs counts the stored secrets per key id.
func keyIDs(t *testing.T, url string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, sealed := range rawValues(t, url) {
		s, err := vault.Parse(sealed)
		require.NoError(t, err)
		out[s.KeyID]++
	}
	return out
}

// line matches a whole output line.
func line(format string, args ...any) *regexp.Regexp {
	return regexp.MustCompile(`(?m)^` + fmt.Sprintf(format, args...) + `$`)
}

func TestKeyGenerate(t *testing.T) {
	dir := t.TempDir()
	out, _, code := runKey(t, []string{"DATA_DIR=" + dir}, "generate")
	require.Equal(t, 0, code)
	m := regexp.MustCompile(`^ENCRYPTION_KEY=([0-9a-f]{64})\n# key id ([0-9a-f]{16})\n$`).FindStringSubmatch(out)
	require.NotNil(t, m, out)
	require.Equal(t, kid(t, m[1]), m[2])
	again, _, _ := runKey(t, nil, "generate")
	require.NotContains(t, again, m[1], "every key is new")

	path := filepath.Join(dir, "new.key")
	out, _, code = runKey(t, nil, "generate", "--to-file", path)
	require.Equal(t, 0, code)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	hexKey := strings.TrimSpace(string(data))
	require.Equal(t, "# key id "+kid(t, hexKey)+"\n# written to "+path+"\n", out, "only the key id and the path")
	info, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	_, stderr, code := runKey(t, nil, "generate", "--to-file", path)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "refusing to overwrite")
	data2, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, data, data2)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "generate touches no database")
}

func TestKeyHelp(t *testing.T) {
	for _, sub := range []string{"generate", "check", "rotate"} {
		out, _, code := runKey(t, nil, sub, "--help")
		require.Equal(t, 0, code, sub)
		require.Contains(t, out, "USAGE:", sub)
		if sub != "generate" {
			require.Contains(t, out, "$DATABASE_URL", sub)
			require.Contains(t, out, "$DATA_DIR", sub)
			require.Contains(t, out, "4 when some stored secret opens with none", sub)
		}
	}
	out, _, _ := runKey(t, nil, "check", "--help")
	require.Contains(t, out, "3 on MISMATCH")
	out, _, _ = runKey(t, nil, "rotate", "--help")
	require.Contains(t, out, "STOP THE SERVER FIRST")
	require.Contains(t, out, "ENCRYPTION_KEY_PREVIOUS=<old>; it re-seals in the background")
}

func TestKeyErrorsAreOneLineNamingTheVariable(t *testing.T) {
	dir := t.TempDir()
	k := newHexKey(t)
	tests := []struct {
		name, wantVar string
		env           []string
		args          []string
	}{
		{"check without a key", "ENCRYPTION_KEY", nil, []string{"check"}},
		{"rotate without a key", "ENCRYPTION_KEY", nil, []string{"rotate"}},
		{"malformed key", "ENCRYPTION_KEY", []string{"ENCRYPTION_KEY=abc"}, []string{"check"}},
		{"rotate without a previous key", "ENCRYPTION_KEY_PREVIOUS", []string{"ENCRYPTION_KEY=" + k}, []string{"rotate"}},
		{"--to-file with a previous key", "ENCRYPTION_KEY_PREVIOUS", []string{"ENCRYPTION_KEY=" + k, "ENCRYPTION_KEY_PREVIOUS=" + newHexKey(t)}, []string{"rotate", "--to-file", filepath.Join(dir, "x.key")}},
		{"malformed DATABASE_URL", "DATABASE_URL", []string{"ENCRYPTION_KEY=" + k, "DATABASE_URL=postgres://u:hunter2@db:port/x"}, []string{"check"}},
		{"bad pause hook", "DBACKUP_TEST_ROTATE_PAUSE", []string{"ENCRYPTION_KEY=" + k, "DBACKUP_TEST_ROTATE_PAUSE=soon"}, []string{"rotate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runKey(t, append([]string{"DATA_DIR=" + dir}, tt.env...), tt.args...)
			require.Equal(t, 1, code, stderr)
			out := strings.TrimSpace(stderr)
			require.NotContains(t, out, "\n")
			require.True(t, strings.HasPrefix(out, "dbackup: "+tt.wantVar), out)
			require.NotContains(t, out, "hunter2")
		})
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Empty(t, entries, "no key, database or key file was created")
}

func TestKeyCheck(t *testing.T) {
	dir := t.TempDir()
	original, wrong, other := newHexKey(t), newHexKey(t), newHexKey(t)
	_, cmd, stderr := serve(t, "DATA_DIR="+dir, "ENCRYPTION_KEY="+original)
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	require.NoError(t, cmd.Wait(), "stderr:\n%s", stderr)
	url := sqliteURL(dir)
	seedEach(t, url, dir, original)

	out, _, code := runKey(t, []string{"DATA_DIR=" + dir, "ENCRYPTION_KEY=" + original}, "check")
	require.Equal(t, 0, code, out)
	require.Regexp(t, line(`primary key:\s+%s \(ENCRYPTION_KEY\)`, kid(t, original)), out)
	require.Regexp(t, line(`previous keys:\s+none`), out)
	require.Regexp(t, line(`state:\s+OK`), out)
	require.NotContains(t, out, "expected key")
	require.Regexp(t, line(`%s\s+16\s+yes`, kid(t, original)), out)
	require.Regexp(t, line(`undecryptable:\s+0`), out)

	out, errOut, code := runKey(t, []string{"DATA_DIR=" + dir, "ENCRYPTION_KEY=" + wrong}, "check")
	require.Equal(t, 3, code, out+errOut)
	require.Regexp(t, line(`state:\s+MISMATCH`), out)
	require.Regexp(t, line(`expected key:\s+%s .*`, kid(t, original)), out)
	require.Regexp(t, line(`%s\s+16\s+no`, kid(t, original)), out)
	require.Regexp(t, line(`undecryptable:\s+16`), out)
	require.Contains(t, errOut, kid(t, wrong))
	require.Contains(t, errOut, kid(t, original))
	require.NoFileExists(t, filepath.Join(dir, vault.KeyFileName), "check never generates a key")

	// One value under a key that is not loaded: the key matches, but exit 4.
	withClient(t, url, dir, func(c *ent.Client) {
		c.SSOProvider.Query().OnlyX(viewer.SystemContext(context.Background())).Update().SetClientSecret("under-other").ExecX(viewer.SystemContext(context.Background()))
	}, other, original)
	out, _, code = runKey(t, []string{"DATA_DIR=" + dir, "ENCRYPTION_KEY=" + original}, "check")
	require.Equal(t, 4, code, out)
	require.Regexp(t, line(`state:\s+OK`), out)
	require.Regexp(t, line(`%s\s+1\s+no`, kid(t, other)), out)
	require.Regexp(t, line(`undecryptable:\s+1`), out)
}

// rotateEnv is the environment of an offline rotation from old to new.
func rotateEnv(url, dir, newKey, oldKey string, extra ...string) []string {
	return append([]string{"DATA_DIR=" + dir, "DATABASE_URL=" + url, "ENCRYPTION_KEY=" + newKey, "ENCRYPTION_KEY_PREVIOUS=" + oldKey}, extra...)
}

func TestKeyRotate(t *testing.T) {
	dir := t.TempDir()
	url := sqliteURL(dir)
	oldKey, newKey := newHexKey(t), newHexKey(t)
	seedEach(t, url, dir, oldKey)
	want := plaintexts(t, url, oldKey)
	require.Len(t, want, 16)
	raw := rawValues(t, url)

	out, _, code := runKey(t, rotateEnv(url, dir, newKey, oldKey), "rotate", "--dry-run")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "dry run: 16 values would be re-sealed under key "+kid(t, newKey))
	require.Equal(t, raw, rawValues(t, url), "a dry run writes nothing")

	out, _, code = runKey(t, rotateEnv(url, dir, newKey, oldKey), "rotate")
	require.Equal(t, 0, code, out)
	require.Regexp(t, line(`resealed:\s+16`), out)
	require.Regexp(t, line(`already current:\s+0`), out)
	require.Regexp(t, line(`forgotten:\s+0`), out)
	require.Contains(t, out, "start the server with ENCRYPTION_KEY=<the new key> (key id "+kid(t, newKey)+") and drop ENCRYPTION_KEY_PREVIOUS")
	require.Equal(t, want, plaintexts(t, url, newKey), "the new key alone opens every secret")

	out, _, code = runKey(t, []string{"DATA_DIR=" + dir, "ENCRYPTION_KEY=" + newKey}, "check")
	require.Equal(t, 0, code, out)
	require.Regexp(t, line(`state:\s+OK`), out)

	raw = rawValues(t, url)
	out, _, code = runKey(t, rotateEnv(url, dir, newKey, oldKey), "rotate")
	require.Equal(t, 0, code, out)
	require.Regexp(t, line(`resealed:\s+0`), out)
	require.Regexp(t, line(`already current:\s+16`), out)
	require.Equal(t, raw, rawValues(t, url), "a rerun is a no-op")
}

func TestKeyRotateRefusesUndecryptableUnlessForgetting(t *testing.T) {
	dir := t.TempDir()
	url := sqliteURL(dir)
	oldKey, newKey, lost := newHexKey(t), newHexKey(t), newHexKey(t)
	seedEach(t, url, dir, oldKey)
	var place string
	withClient(t, url, dir, func(c *ent.Client) {
		sso := c.SSOProvider.Query().OnlyX(viewer.SystemContext(context.Background()))
		sso.Update().SetClientSecret("under-lost").ExecX(viewer.SystemContext(context.Background()))
		place = "sso_providers.client_secret[" + string(sso.ID) + "]"
	}, lost, oldKey)
	raw := rawValues(t, url)

	out, errOut, code := runKey(t, rotateEnv(url, dir, newKey, oldKey), "rotate")
	require.Equal(t, 4, code, out+errOut)
	require.Regexp(t, line(`  %s`, regexp.QuoteMeta(place)), errOut)
	require.Contains(t, errOut, "--forget-undecryptable")
	require.Equal(t, raw, rawValues(t, url), "a refusal writes nothing")

	out, _, code = runKey(t, rotateEnv(url, dir, newKey, oldKey), "rotate", "--dry-run", "--forget-undecryptable")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "15 values would be re-sealed")
	require.Contains(t, out, "would forget "+place)
	require.Equal(t, raw, rawValues(t, url))

	out, _, code = runKey(t, rotateEnv(url, dir, newKey, oldKey), "rotate", "--forget-undecryptable")
	require.Equal(t, 0, code, out)
	require.Regexp(t, line(`resealed:\s+15`), out)
	require.Regexp(t, line(`forgotten:\s+1`), out)
	require.Regexp(t, line(`  %s`, regexp.QuoteMeta(place)), out)
	got := plaintexts(t, url, newKey)
	require.Len(t, got, 15)
	require.NotContains(t, got, place)

	out, _, code = runKey(t, []string{"DATA_DIR=" + dir, "ENCRYPTION_KEY=" + newKey}, "check")
	require.Equal(t, 0, code, out)
}

func TestKeyRecoverFromLostKeyByForgetting(t *testing.T) {
	dir := t.TempDir()
	url := sqliteURL(dir)
	lost, replacement := newHexKey(t), newHexKey(t)
	seedEach(t, url, dir, lost)
	only := []string{"DATA_DIR=" + dir, "ENCRYPTION_KEY=" + replacement}

	out, _, code := runKey(t, only, "check")
	require.Equal(t, 3, code, out)
	out, _, code = runKey(t, only, "rotate", "--forget-undecryptable")
	require.Equal(t, 0, code, out)
	require.Regexp(t, line(`forgotten:\s+16`), out)
	require.Empty(t, rawValues(t, url))
	out, _, code = runKey(t, only, "check")
	require.Equal(t, 0, code, out)
	require.Regexp(t, line(`state:\s+OK`), out)
}

func TestKeyRotateToFile(t *testing.T) {
	dir := t.TempDir()
	url := sqliteURL(dir)
	oldKey := newHexKey(t)
	seedEach(t, url, dir, oldKey)
	want, raw := plaintexts(t, url, oldKey), rawValues(t, url)
	current := []string{"DATA_DIR=" + dir, "ENCRYPTION_KEY=" + oldKey}
	path := filepath.Join(dir, "new.key")

	out, _, code := runKey(t, current, "rotate", "--to-file", path, "--dry-run")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "dry run: 16 values would be re-sealed under key (a new key)")
	require.NoFileExists(t, path)
	require.Equal(t, raw, rawValues(t, url))

	out, _, code = runKey(t, current, "rotate", "--to-file", path)
	require.Equal(t, 0, code, out)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	newKey := strings.TrimSpace(string(data))
	require.Contains(t, out, "# key id "+kid(t, newKey))
	require.Regexp(t, line(`resealed:\s+16`), out)
	require.Contains(t, out, "ENCRYPTION_KEY_FILE="+path)
	require.NotContains(t, out, newKey)
	require.Equal(t, want, plaintexts(t, url, newKey))

	out, _, code = runKey(t, []string{"DATA_DIR=" + dir, "ENCRYPTION_KEY_FILE=" + path}, "check")
	require.Equal(t, 0, code, out)
	require.Regexp(t, line(`state:\s+OK`), out)

	_, errOut, code := runKey(t, []string{"DATA_DIR=" + dir, "ENCRYPTION_KEY_FILE=" + path}, "rotate", "--to-file", path)
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "refusing to overwrite")
	require.Equal(t, want, plaintexts(t, url, newKey))
}

// startRotate starts `dbackup key rotate` and returns when it has printed "paused", or at once
// when pauseAt is negative.
func startRotate(t *testing.T, env []string, pauseAt int) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(binary, "key", "rotate")
	cmd.Env = keyEnv(env...)
	if pauseAt >= 0 {
		cmd.Env = append(cmd.Env, fmt.Sprintf("DBACKUP_TEST_ROTATE_PAUSE=%d", pauseAt))
	}
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	if pauseAt < 0 {
		return cmd
	}
	paused := make(chan string, 1)
	go func() {
		var seen strings.Builder
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			seen.WriteString(sc.Text() + "\n")
			if sc.Text() == "paused" {
				paused <- ""
				return
			}
		}
		paused <- seen.String()
	}()
	select {
	case other := <-paused:
		require.Empty(t, other, "rotate ended without pausing")
	case <-time.After(60 * time.Second):
		t.Fatal("rotate did not pause within 60s")
	}
	return cmd
}

// sigkill kills cmd with SIGKILL and waits for it.
func sigkill(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	_ = cmd.Wait()
}

// testRotateSurvivesSIGKILL kills rotations at several points, then finishes one.
func testRotateSurvivesSIGKILL(t *testing.T, url, dir string, sources int, pauses []int) {
	oldKey, newKey := newHexKey(t), newHexKey(t)
	seedSources(t, url, dir, oldKey, sources)
	want := plaintexts(t, url, oldKey)
	require.Len(t, want, 5*sources)
	env := rotateEnv(url, dir, newKey, oldKey)

	// untilDone is how long a rotation ran before its last pause, so random kills land inside one.
	var untilDone time.Duration
	for _, n := range pauses {
		t.Run(fmt.Sprintf("killed after %d", n), func(t *testing.T) {
			start := time.Now()
			cmd := startRotate(t, env, n)
			untilDone = time.Since(start)
			sigkill(t, cmd)
			require.Equal(t, want, plaintexts(t, url, oldKey), "rolled back: the old key alone opens every secret")
		})
	}
	t.Run("killed at a random moment", func(t *testing.T) {
		delay := rand.N(untilDone + untilDone/4)
		t.Logf("SIGKILL after %v", delay)
		cmd := startRotate(t, env, -1)
		time.Sleep(delay)
		sigkill(t, cmd)
		require.Equal(t, want, plaintexts(t, url, newKey, oldKey))
		require.Len(t, keyIDs(t, url), 1, "one transaction: all under the old key or all under the new")
	})

	out, errOut, code := runKey(t, env, "rotate")
	require.Equal(t, 0, code, out+errOut)
	require.Equal(t, want, plaintexts(t, url, newKey), "every secret opens with the new key alone, none lost")
	require.Equal(t, map[string]int{kid(t, newKey): 5 * sources}, keyIDs(t, url))
	out, _, code = runKey(t, env, "rotate")
	require.Equal(t, 0, code, out)
	require.Regexp(t, line(`resealed:\s+0`), out)
}

func TestKeyRotateSurvivesSIGKILL(t *testing.T) {
	dir := t.TempDir()
	testRotateSurvivesSIGKILL(t, sqliteURL(dir), dir, 400, []int{0, 1, 999, 1999, 2000})
}

func TestKeyRotatePostgres(t *testing.T) {
	url := pgtest.NewDatabase(t)
	dir := t.TempDir()
	testRotateSurvivesSIGKILL(t, url, dir, 40, []int{0, 1, 199, 200})
	out, _, code := runKey(t, []string{"DATA_DIR=" + dir, "DATABASE_URL=" + url, "ENCRYPTION_KEY=" + newHexKey(t)}, "check")
	require.Equal(t, 3, code, out)
	require.Regexp(t, line(`state:\s+MISMATCH`), out)
}
