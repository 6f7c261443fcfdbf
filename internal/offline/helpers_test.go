package offline

import (
	"bytes"
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func dump(t testing.TB, n int) []byte {
	b := bytes.Repeat([]byte("COPY public.t (id, name) FROM stdin;\n1\tdbackup\n"), n/40+1)[:n]
	r := make([]byte, n/4)
	_, err := rand.Read(r)
	require.NoError(t, err)
	copy(b[n/2:], r)
	return b
}

// entries lists every name in dir, recursively, relative to dir.
func entries(t testing.TB, dir string) []string {
	var out []string
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		return nil
	}
	require.NoError(t, filepath.WalkDir(dir, func(p string, _ os.DirEntry, err error) error {
		require.NoError(t, err)
		if p != dir {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	}))
	return out
}
