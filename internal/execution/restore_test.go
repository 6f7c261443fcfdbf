package execution

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestVersionWarning(t *testing.T) {
	require.Empty(t, versionWarning("PostgreSQL 15.19", "PostgreSQL 16.2"))
	require.Empty(t, versionWarning("PostgreSQL 15.19", "PostgreSQL 15.20"))
	require.Contains(t, versionWarning("PostgreSQL 16.2", "PostgreSQL 15.19"), "older major version")
	require.Empty(t, versionWarning("", "PostgreSQL 15.19"), "unknown versions do not warn")
	require.Contains(t, versionWarning("11.4.2-MariaDB", "10.11.6-MariaDB"), "older")
}

func TestCheckMapping(t *testing.T) {
	m, err := checkMapping([]string{"a", "b"}, []DatabaseMapping{{From: "a", To: "a2"}})
	require.NoError(t, err)
	require.Equal(t, map[string]string{"a": "a2", "b": "b"}, m)
	m, err = checkMapping([]string{"a", "b"}, []DatabaseMapping{{From: "b", To: ""}})
	require.NoError(t, err)
	require.Equal(t, "", m["b"], "an empty target skips the database")
	_, err = checkMapping([]string{"a"}, []DatabaseMapping{{From: "x", To: "y"}})
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "databaseMapping", fe.Field)
	_, err = checkMapping([]string{"a", "b"}, []DatabaseMapping{{From: "a", To: "b"}})
	require.ErrorAs(t, err, &fe, "two databases into one target")
	_, err = checkMapping([]string{"a"}, []DatabaseMapping{{From: "a", To: " "}})
	require.ErrorAs(t, err, &fe, "nothing left to restore")
}
