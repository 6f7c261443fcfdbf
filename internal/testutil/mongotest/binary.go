package mongotest

import (
	"testing"

	"github.com/dbackup/dbackup/internal/testutil/testbin"
)

// Version is the FerretDB release scripts/ferretdb pins.
const Version = "v1.24.2"

const buildHint = "build it with scripts/test.sh, or from the repository root with " +
	"`(cd scripts/ferretdb && go build -o ../../.cache/bin/ferretdb .)`, " +
	"or point FERRETDB_BIN at a binary built from scripts/ferretdb"

// Binary returns the FerretDB binary: $FERRETDB_BIN, else .cache/bin/ferretdb in the repository
// root. When it is missing, t fails with instructions to build it.
func Binary(t testing.TB) string {
	t.Helper()
	return testbin.Find(t, "mongotest", "FERRETDB_BIN", "ferretdb", buildHint)
}
