package oidctest

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

var buildHint = "build it with scripts/test.sh, or from the repository root with " +
	"`(cd scripts/oidcop && go build -o ../../.cache/bin/oidcop .)`, " +
	"or point OIDCOP_BIN at a binary built from scripts/oidcop"

// Binary returns the provider's binary: $OIDCOP_BIN, else .cache/bin/oidcop in the repository
// root. When it is missing, t fails with instructions to build it.
func Binary(t testing.TB) string {
	t.Helper()
	if bin := os.Getenv("OIDCOP_BIN"); bin != "" {
		if _, err := os.Stat(bin); err != nil {
			missing(t, "OIDCOP_BIN="+bin+": "+err.Error())
		}
		return bin
	}
	root, err := repoRoot()
	if err != nil {
		missing(t, err.Error()+"; set OIDCOP_BIN")
	}
	bin := filepath.Join(root, ".cache", "bin", "oidcop")
	if _, err := os.Stat(bin); err != nil {
		missing(t, "oidcop not found at "+bin)
	}
	return bin
}

// missing fails t: a skipped single sign-on test would hide a broken setup, in CI and on a
// developer's machine alike (scripts/test.sh builds the provider; the hint says how).
func missing(t testing.TB, why string) {
	t.Helper()
	t.Fatalf("oidctest: %s; %s", why, buildHint)
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
