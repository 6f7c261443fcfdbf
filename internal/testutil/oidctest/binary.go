package oidctest

import (
	"testing"

	"github.com/dbackup/dbackup/internal/testutil/testbin"
)

const buildHint = "build it with scripts/test.sh, or from the repository root with " +
	"`(cd scripts/oidcop && go build -o ../../.cache/bin/oidcop .)`, " +
	"or point OIDCOP_BIN at a binary built from scripts/oidcop"

// Binary returns the provider's binary: $OIDCOP_BIN, else .cache/bin/oidcop in the repository
// root. When it is missing, t fails with instructions to build it.
func Binary(t testing.TB) string {
	t.Helper()
	return testbin.Find(t, "oidctest", "OIDCOP_BIN", "oidcop", buildHint)
}
