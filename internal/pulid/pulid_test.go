package pulid

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestNewIsPrefixedSortableAndValid(t *testing.T) {
	a, b := New("src"), New("src")
	require.True(t, strings.HasPrefix(string(a), "src_"))
	require.Equal(t, "src", a.Prefix())
	require.NoError(t, a.Validate())
	require.NotEqual(t, a, b)
	require.Len(t, string(a), len("src_")+26)
}

func TestValidate(t *testing.T) {
	for _, bad := range []ID{"", "src", "_01JDQ3Z6V6T2G4F2A7Q2M9KXHB", "src_nope", "src_01JDQ3Z6V6T2G4F2A7Q2M9KXH"} {
		require.Error(t, bad.Validate(), string(bad))
	}
	require.Equal(t, "", ID("noprefix").Prefix())
}

func TestGQLRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	id := New("set")
	id.MarshalGQL(&buf)
	require.Equal(t, `"`+string(id)+`"`, buf.String())

	var got ID
	require.NoError(t, got.UnmarshalGQL(string(id)))
	require.Equal(t, id, got)
	require.NoError(t, got.UnmarshalGQL(id))
	require.ErrorContains(t, got.UnmarshalGQL(42), "must be a string")
}

func TestScanValue(t *testing.T) {
	var id ID
	require.NoError(t, id.Scan([]byte("set_x")))
	require.Equal(t, ID("set_x"), id)
	require.NoError(t, id.Scan(nil))
	require.Equal(t, ID(""), id)
	require.Error(t, id.Scan(3))
	v, err := ID("set_y").Value()
	require.NoError(t, err)
	require.Equal(t, "set_y", v)
}
