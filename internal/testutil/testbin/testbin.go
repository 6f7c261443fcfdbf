// Package testbin finds the test servers scripts/test.sh builds into .cache/bin (FerretDB, the
// OpenID Provider): from an environment variable, else from the repository's .cache/bin. A
// missing binary fails the test with instructions; it never skips, in CI or on a developer's
// machine, since a skipped test would hide a broken setup.
package testbin

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Find returns the binary named by the environment variable envVar, else .cache/bin/name in
// the repository root; when it is missing, t fails with "<pkg>: <why>; <hint>".
func Find(t testing.TB, pkg, envVar, name, hint string) string {
	t.Helper()
	if bin := os.Getenv(envVar); bin != "" {
		if _, err := os.Stat(bin); err != nil {
			t.Fatalf("%s: %s=%s: %v; %s", pkg, envVar, bin, err, hint)
		}
		return bin
	}
	root, err := repoRoot()
	if err != nil {
		t.Fatalf("%s: %v; set %s; %s", pkg, err, envVar, hint)
	}
	bin := filepath.Join(root, ".cache", "bin", name)
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("%s: %s not found at %s; %s", pkg, name, bin, hint)
	}
	return bin
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
