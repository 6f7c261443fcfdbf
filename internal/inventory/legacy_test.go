package inventory

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/dbackup/dbackup/internal/legacy"
	"github.com/dbackup/dbackup/internal/storage"
)

const (
	testIV  = "000102030405060708090a0b0c0d0e0f"
	testTag = "f0e0d0c0b0a090807060504030201000"
	testSum = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
)

func TestLegacySidecarRecord(t *testing.T) {
	obj := storage.Object{Key: "seed/all.tar.br.enc", Size: 1234, ModTime: time.Date(2025, 6, 1, 3, 0, 0, 0, time.UTC)}
	tests := []struct {
		name string
		meta string
		obj  storage.Object
		want func(t *testing.T, engine, format, compression string, dbs []string, sum string, encrypted bool, profile string)
	}{
		{"nested tar", `{"jobName":"seed-nightly","sourceType":"MySQL","databases":{"count":2,"names":["shop","blog"]},
			"encryption":{"enabled":true,"profileId":"p1","algorithm":"aes-256-gcm","iv":"` + testIV + `","authTag":"` + testTag + `"},
			"checksum":"` + testSum + `","multiDb":{"format":"tar"}}`, obj,
			func(t *testing.T, engine, format, compression string, dbs []string, sum string, encrypted bool, profile string) {
				require.Equal(t, "mysql", engine)
				require.Equal(t, FormatLegacyTar, format)
				require.Equal(t, "brotli", compression)
				require.Equal(t, []string{"shop", "blog"}, dbs)
				require.Equal(t, testSum, sum)
				require.True(t, encrypted)
				require.Equal(t, "p1", profile)
			}},
		{"flat single", `{"jobName":"seed-flat","sourceType":"postgresql","compression":"GZIP","profileId":"p2",
			"iv":"` + testIV + `","authTag":"` + testTag + `"}`, storage.Object{Key: "app_2025.sql.gz.enc", Size: 10},
			func(t *testing.T, engine, format, compression string, dbs []string, sum string, encrypted bool, profile string) {
				require.Equal(t, "postgres", engine)
				require.Equal(t, FormatLegacy, format)
				require.Equal(t, "gzip", compression)
				require.Equal(t, []string{"app_2025"}, dbs, "the file's stem when the sidecar names none")
				require.Empty(t, sum)
				require.True(t, encrypted)
			}},
		{"unencrypted", `{"jobName":"plain","sourceType":"sqlite","databases":["main"]}`, storage.Object{Key: "main.db", Size: 10},
			func(t *testing.T, engine, format, compression string, dbs []string, sum string, encrypted bool, profile string) {
				require.Equal(t, "sqlite", engine)
				require.Equal(t, "none", compression)
				require.False(t, encrypted)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := parseLegacy([]byte(tt.meta))
			require.NoError(t, err)
			sc := legacySidecar(tt.obj, m)
			require.Equal(t, tt.obj.Key, sc.Object)
			require.Equal(t, tt.obj.Size, sc.Size)
			profile := ""
			if sc.Encryption != nil {
				profile = sc.Encryption.ProfileID
				require.Empty(t, sc.Encryption.KeyID, "the seed kept no key id")
			}
			tt.want(t, sc.Engine, sc.Format, sc.Compression, sc.Databases, sc.SHA256, sc.Encryption != nil, profile)
		})
	}
}

func TestParseLegacyRefusesOtherJSON(t *testing.T) {
	for _, s := range []string{`{}`, `{"hello":"world"}`, `[1]`, `{"object":"x","format":"pg_dump-custom"}`} {
		_, err := parseLegacy([]byte(s))
		require.ErrorIs(t, err, legacy.ErrNotLegacy, s)
	}
	_, err := parseLegacy([]byte(`{"iv":"zz","authTag":"` + testTag + `"}`))
	require.ErrorIs(t, err, legacy.ErrMeta)
}

func TestLegacyErrorMatchesEncfile(t *testing.T) {
	require.ErrorIs(t, &LegacyError{Code: CodeUnknownKey, Err: errors.New(MsgLegacyNoKey)}, encfile.ErrUnknownKey)
	require.ErrorIs(t, &LegacyError{Code: CodeIntegrity, Err: errors.New("x")}, encfile.ErrWrongKey)
	require.NotErrorIs(t, &LegacyError{Code: CodeIntegrity, Err: errors.New("x")}, encfile.ErrUnknownKey)
}
