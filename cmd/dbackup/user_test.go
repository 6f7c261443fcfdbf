package main

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/user"
	"github.com/dbackup/dbackup/internal/auth/password"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

const (
	alicePassword = "correct horse battery staple"
	aliceNew      = "a completely different phrase"
)

// runUser runs `dbackup user args…` with stdin (nil: not a terminal, no input) and returns its
// output and exit code.
func runUser(t *testing.T, extra []string, stdin *string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"user"}, args...)...)
	cmd.Env = keyEnv(extra...)
	if stdin != nil {
		cmd.Stdin = strings.NewReader(*stdin)
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		require.NoError(t, err)
	}
	return out.String(), errOut.String(), cmd.ProcessState.ExitCode()
}

func line1(s string) *string { s += "\n"; return &s }

// loadUser reads a user and its groups straight from the SQLite database in dir.
func loadUser(t *testing.T, dir, name string) *ent.User {
	t.Helper()
	db := openDB(t, sqliteURL(dir))
	defer db.Close()
	u, err := ent.NewClient(ent.Driver(db.EntDriver())).User.Query().Where(user.Username(name)).WithGroups().Only(viewer.SystemContext(context.Background()))
	require.NoError(t, err)
	return u
}

func requirePassword(t *testing.T, u *ent.User, pw string) {
	t.Helper()
	ok, _, err := password.Verify(vault.NewSecret(pw), u.PasswordHash)
	require.NoError(t, err)
	require.True(t, ok, "the stored hash verifies the password")
}

func TestUserCreateOnAFreshDataDirThenServe(t *testing.T) {
	dir := t.TempDir()
	out, stderr, code := runUser(t, []string{"DATA_DIR=" + dir}, line1(alicePassword), "create", "--username", "Alice", "--password-stdin")
	require.Equal(t, 0, code, stderr)
	require.Regexp(t, `^created user alice \(usr_[0-9A-Z]{26}\), the first administrator \(group Admins\)\n$`, out)
	require.NotContains(t, out+stderr, alicePassword)

	_, cmd, serveErr := serve(t, "DATA_DIR="+dir)
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	require.NoError(t, cmd.Wait(), "stderr:\n%s", serveErr)

	u := loadUser(t, dir, "alice")
	requirePassword(t, u, alicePassword)
	require.Len(t, u.Edges.Groups, 1)
	require.Equal(t, perm.AdminsGroup, u.Edges.Groups[0].Name)
	require.True(t, u.Edges.Groups[0].Builtin)

	// With the key the server generated now in DATA_DIR, a second user goes through it.
	out, stderr, code = runUser(t, []string{"DATA_DIR=" + dir}, line1("another passphrase here"), "create", "--username", "bob", "--group", perm.AdminsGroup, "--password-stdin")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "created user bob")
	require.Len(t, loadUser(t, dir, "bob").Edges.Groups, 1)
}

func TestUserResetPassword(t *testing.T) {
	dir := t.TempDir()
	_, stderr, code := runUser(t, []string{"DATA_DIR=" + dir}, line1(alicePassword), "create", "--username", "alice", "--password-stdin")
	require.Equal(t, 0, code, stderr)
	before := loadUser(t, dir, "alice")

	db := openDB(t, sqliteURL(dir))
	c := ent.NewClient(ent.Driver(db.EntDriver()))
	ctx := viewer.SystemContext(context.Background())
	c.Session.Create().SetUserID(before.ID).SetTokenHash(strings.Repeat("ab", 32)).
		SetExpiresAt(time.Now().Add(time.Hour)).SetLastSeenAt(time.Now()).ExecX(ctx)
	_, err := db.Exec(`UPDATE users SET totp_enabled = true, totp_last_step = 42 WHERE username = 'alice'`)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	out, stderr, code := runUser(t, []string{"DATA_DIR=" + dir}, line1(aliceNew), "reset-password", "ALICE", "--password-stdin")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "password of alice changed")
	require.Contains(t, out, "stays on (--reset-2fa turns it off)")
	require.Contains(t, out, "lockout after failed sign-ins lives in the server's memory")
	after := loadUser(t, dir, "alice")
	require.NotEqual(t, before.PasswordHash, after.PasswordHash)
	requirePassword(t, after, aliceNew)
	require.True(t, after.TotpEnabled)

	db = openDB(t, sqliteURL(dir))
	n, err := ent.NewClient(ent.Driver(db.EntDriver())).Session.Query().Count(ctx)
	require.NoError(t, err)
	require.Zero(t, n, "every session ended")
	require.NoError(t, db.Close())

	out, stderr, code = runUser(t, []string{"DATA_DIR=" + dir}, line1(alicePassword), "reset-password", "alice", "--password-stdin", "--reset-2fa")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "two-factor sign-in of alice is off")
	after = loadUser(t, dir, "alice")
	requirePassword(t, after, alicePassword)
	require.False(t, after.TotpEnabled)
	require.Zero(t, after.TotpLastStep)
}

func TestUserErrorsAreOneLineNamingTheFlag(t *testing.T) {
	dir := t.TempDir()
	_, stderr, code := runUser(t, []string{"DATA_DIR=" + dir}, line1(alicePassword), "create", "--username", "alice", "--password-stdin")
	require.Equal(t, 0, code, stderr)
	good := line1(aliceNew)
	tests := []struct {
		name     string
		env      []string
		stdin    *string
		args     []string
		wantName string
		wantFix  string
	}{
		{"missing --username", nil, good, []string{"create", "--password-stdin"}, "--username", "such as --username alice"},
		{"bad --username", nil, good, []string{"create", "--username", "a b", "--password-stdin"}, "--username", "only letters, digits"},
		{"taken --username", nil, good, []string{"create", "--username", "Alice", "--password-stdin"}, "--username", "choose another"},
		{"unknown --group", nil, good, []string{"create", "--username", "bob", "--group", "Ops", "--password-stdin"}, "--group", "create the group"},
		{"short password", nil, line1("hunter2"), []string{"create", "--username", "bob", "--password-stdin"}, "--password-stdin", "at least 12 characters"},
		{"empty stdin", nil, new(string), []string{"create", "--username", "bob", "--password-stdin"}, "--password-stdin", "pipe the password in"},
		{"not a terminal", nil, nil, []string{"create", "--username", "bob"}, "--password-stdin", "pipe it in with --password-stdin"},
		{"reset unknown user", nil, good, []string{"reset-password", "carol", "--password-stdin"}, "USERNAME", "check the spelling"},
		{"reset without a name", nil, good, []string{"reset-password", "--password-stdin"}, "USERNAME", "give exactly one login name"},
		{"reset short password", nil, line1("hunter2"), []string{"reset-password", "alice", "--password-stdin"}, "--password-stdin", "at least 12 characters"},
		{"malformed DATABASE_URL", []string{"DATABASE_URL=postgres://u:hunter2@db:port/x"}, good, []string{"create", "--username", "bob", "--password-stdin"}, "DATABASE_URL", "postgres://USER:PASSWORD@HOST:5432/DBNAME"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runUser(t, append([]string{"DATA_DIR=" + dir}, tt.env...), tt.stdin, tt.args...)
			require.Equal(t, 1, code, stderr)
			out := strings.TrimSpace(stderr)
			require.NotContains(t, out, "\n", "one line")
			require.True(t, strings.HasPrefix(out, "dbackup: "+tt.wantName+": ") || strings.HasPrefix(out, "dbackup: "+tt.wantName+" "), out)
			require.Contains(t, out, tt.wantFix)
			require.NotContains(t, out, "hunter2")
			require.NotContains(t, out, aliceNew)
		})
	}
	requirePassword(t, loadUser(t, dir, "alice"), alicePassword) // nothing changed
}
