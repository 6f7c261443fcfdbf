package mysql

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/vault"
)

// specialPassword has what an option file or a shell would misread: quotes, a backslash,
// comment characters, spaces and a dollar sign.
const specialPassword = `p"w'd\ #x;y $HOME=`

func TestCommandKeepsThePasswordOffArgvAndEnvironment(t *testing.T) {
	for _, tc := range []struct {
		name string
		tool client
		tls  string
		want string
	}{
		{"mariadb prefer", client{path: "/usr/bin/mariadb-dump", mariadb: true}, source.TLSPrefer, "disable-ssl-verify-server-cert\n"},
		{"mariadb disable", client{path: "/usr/bin/mariadb-dump", mariadb: true}, source.TLSDisable, "skip-ssl\n"},
		{"mysql verify_full", client{path: "/usr/bin/mysqldump"}, source.TLSVerifyFull, `ssl-mode="VERIFY_IDENTITY"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := New(source.Config{Host: "localhost", Username: "backup", Password: vault.NewSecret(specialPassword), TLSMode: tc.tls})
			require.NoError(t, err)
			t.Cleanup(func() { _ = m.Close() })

			path, remove, err := m.optionFile(tc.tool)
			require.NoError(t, err)
			cmd := command(context.Background(), tc.tool, path, dumpArgs("app")...)

			require.Equal(t, "--defaults-extra-file="+path, cmd.Args[1], "the option file must be the first argument")
			require.Equal(t, "app", cmd.Args[len(cmd.Args)-1])
			for _, a := range cmd.Args {
				require.NotContains(t, a, "p\"w")
				require.NotContains(t, a, "password")
			}
			require.NotNil(t, cmd.Env, "a nil Env would inherit DBackup's environment")
			for _, e := range cmd.Env {
				require.NotContains(t, e, "p\"w")
			}

			fi, err := os.Stat(path)
			require.NoError(t, err)
			require.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
			content, err := os.ReadFile(path)
			require.NoError(t, err)
			require.Contains(t, string(content), `password="p\"w'd\\ #x;y $HOME="`+"\n")
			require.Contains(t, string(content), `protocol="tcp"`)
			require.Contains(t, string(content), tc.want)

			remove()
			_, err = os.Stat(path)
			require.ErrorIs(t, err, os.ErrNotExist)
		})
	}
}

func TestTailKeepsTheEnd(t *testing.T) {
	var tl tail
	_, _ = tl.Write([]byte(strings.Repeat("a", stderrTail)))
	_, _ = tl.Write([]byte("the end"))
	require.Len(t, tl.buf, stderrTail)
	require.True(t, strings.HasSuffix(tl.String(), "the end"))
}
