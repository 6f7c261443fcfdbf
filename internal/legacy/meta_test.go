package legacy

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseMeta(t *testing.T) {
	iv, tag := "000102030405060708090a0b0c0d0e0f", "F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF"
	m, err := ParseMeta([]byte(`{"iv":"` + iv + `","authTag":"` + tag + `","profileId":"p1","compression":"GZIP",
		"databases":[{"name":"a"},"b"],"createdAt":"2025-01-02T03:04:05Z","size":12,"extra":{"x":1}}`))
	require.NoError(t, err)
	require.True(t, m.Encrypted)
	require.Len(t, m.IV, 16)
	require.Equal(t, byte(0xf0), m.AuthTag[0])
	require.Equal(t, "p1", m.ProfileID)
	require.Equal(t, "gzip", m.Compression)
	require.Equal(t, []string{"a", "b"}, m.Databases)
	require.Equal(t, int64(12), m.Size)
	require.Equal(t, 2025, m.CreatedAt.Year())
	require.Contains(t, m.Raw, "extra")

	m, err = ParseMeta([]byte(`{"jobName":"j","databases":{"count":3,"names":["x"]},"timestamp":"2025-01-02T03:04:05.123Z"}`))
	require.NoError(t, err)
	require.False(t, m.Encrypted)
	require.Equal(t, "", m.Compression)
	require.Equal(t, "brotli", m.CompressionFor("x.sql.br"))
	require.Equal(t, "gzip", m.CompressionFor("x.sql.gz.enc"))
	require.Equal(t, "none", m.CompressionFor("x.sql"))
	require.Equal(t, 3, m.DatabaseCount)
	require.False(t, IsLegacySidecar([]byte(`{"jobName":"j"}`)))

	for name, doc := range map[string]string{
		"iv only":        `{"iv":"` + iv + `"}`,
		"enabled no iv":  `{"encryption":{"enabled":true}}`,
		"short tag":      `{"iv":"` + iv + `","authTag":"00"}`,
		"bad hex":        `{"iv":"zz","authTag":"` + tag + `"}`,
		"short iv":       `{"iv":"0011","authTag":"` + tag + `"}`,
		"other alg":      `{"encryption":{"algorithm":"aes-256-cbc","iv":"` + iv + `","authTag":"` + tag + `"}}`,
		"bad compressor": `{"compression":"xz"}`,
	} {
		_, err := ParseMeta([]byte(doc))
		require.ErrorIs(t, err, ErrMeta, name)
	}
	for name, doc := range map[string]string{
		"not json":        `{`,
		"array":           `[]`,
		"dbackup sidecar": `{"version":1,"object":"a","format":"pg_dump-custom"}`,
	} {
		_, err := ParseMeta([]byte(doc))
		require.ErrorIs(t, err, ErrNotLegacy, name)
	}
}

func FuzzParseMeta(f *testing.F) {
	f.Add([]byte(`{"iv":"000102030405060708090a0b0c0d0e0f","authTag":"000102030405060708090a0b0c0d0e0f"}`))
	f.Add([]byte(`{"databases":{"count":1e99,"names":[1,{"name":2}]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseMeta(b)
		if err == nil && m.Encrypted {
			require.Len(t, m.AuthTag, TagSize)
		}
	})
}

func FuzzParseManifest(f *testing.F) {
	f.Add([]byte(`{"version":1,"databases":[{"name":"a","filename":"a.sql","size":2}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseManifest(b)
		if err == nil {
			for _, d := range m.Databases {
				require.True(t, safeName(d.File))
			}
		}
	})
}
