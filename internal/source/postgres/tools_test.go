package postgres

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// fakeTool writes a program called name into a new directory that reports major version
// version and otherwise runs body, and returns the directory.
func fakeTool(t *testing.T, name, version, body string) string {
	t.Helper()
	dir := t.TempDir()
	script := "#!/bin/sh\nif [ \"$1\" = --version ]; then echo '" + name + " (PostgreSQL) " + version + "'; exit 0; fi\n" + body + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755))
	return dir
}

func notOnPath(string) (string, error) { return "", errors.New("not found") }

func TestFindPicksNewestAtLeastServer(t *testing.T) {
	old := fakeTool(t, "pg_dump", "13.2", "")
	newest := fakeTool(t, "pg_dump", "17.1 (Debian 17.1-1)", "")
	mid := fakeTool(t, "pg_dump", "16.4", "")
	onPath := filepath.Join(old, "pg_dump")
	f := toolFinder{
		lookPath: func(string) (string, error) { return onPath, nil },
		dirs:     func() []string { return []string{mid, newest, t.TempDir()} },
	}
	got, err := f.find(context.Background(), "pg_dump", 15)
	require.NoError(t, err)
	require.Equal(t, filepath.Join(newest, "pg_dump"), got.path)
	require.Equal(t, 17, got.major)
	require.Equal(t, "pg_dump (PostgreSQL) 17.1 (Debian 17.1-1)", got.version)
}

func TestFindNamesWhatToInstall(t *testing.T) {
	tests := []struct {
		name string
		dirs []string
		want string
	}{
		{"missing", nil, "not found"},
		{"too old", []string{fakeTool(t, "pg_restore", "15.3", "")}, "older than the server's major version 16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := toolFinder{lookPath: notOnPath, dirs: func() []string { return tt.dirs }}
			_, err := f.find(context.Background(), "pg_restore", 16)
			require.ErrorIs(t, err, ErrClientTool)
			require.ErrorContains(t, err, "install postgresql-client-16")
			require.ErrorContains(t, err, tt.want)
		})
	}
}

func TestTailBufferKeepsTheEnd(t *testing.T) {
	b := &tailBuffer{max: 8}
	for _, s := range []string{"abc", "defgh", "ijk", strings.Repeat("x", 20) + "12345678"} {
		n, err := b.Write([]byte(s))
		require.NoError(t, err)
		require.Equal(t, len(s), n)
		require.LessOrEqual(t, len(b.buf), 8)
	}
	require.Equal(t, "12345678", b.String())
	b = &tailBuffer{max: 8}
	_, _ = b.Write([]byte("abcdef"))
	_, _ = b.Write([]byte("ghij"))
	require.Equal(t, "cdefghij", b.String())
}

func TestEscaping(t *testing.T) {
	require.Equal(t, `a\:b\\c'd`, pgpassEscape(`a:b\c'd`))
	require.Equal(t, `dbname='it\'s \\ host=x'`, conninfoDB(`it's \ host=x`))
}
