package mongotest

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Version is the FerretDB release scripts/ferretdb pins.
const Version = "v1.24.2"

var buildHint = "build it with scripts/test.sh, or from the repository root with " +
	"`(cd scripts/ferretdb && go build -o ../../.cache/bin/ferretdb .)`, " +
	"or point FERRETDB_BIN at a binary built from scripts/ferretdb"

// Binary returns the FerretDB binary: $FERRETDB_BIN, else .cache/bin/ferretdb in the repository
// root. When it is missing, t fails with instructions to build it.
func Binary(t testing.TB) string {
	t.Helper()
	if bin := os.Getenv("FERRETDB_BIN"); bin != "" {
		if _, err := os.Stat(bin); err != nil {
			missing(t, "FERRETDB_BIN="+bin+": "+err.Error())
		}
		return bin
	}
	root, err := repoRoot()
	if err != nil {
		missing(t, err.Error()+"; set FERRETDB_BIN")
	}
	bin := filepath.Join(root, ".cache", "bin", "ferretdb")
	if _, err := os.Stat(bin); err != nil {
		missing(t, "ferretdb not found at "+bin)
	}
	return bin
}

// missing fails t: a skipped MongoDB test would hide a broken setup, in CI and on a developer's
// machine alike (scripts/test.sh builds the server; the hint says how).
func missing(t testing.TB, why string) {
	t.Helper()
	t.Fatalf("mongotest: %s; %s", why, buildHint)
}

// repoRoot is the nearest folder above the working directory holding go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
