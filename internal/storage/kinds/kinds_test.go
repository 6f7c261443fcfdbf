package kinds_test

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/storage/kinds"
	"github.com/dbackup/dbackup/internal/testutil/sftptest"
	"github.com/dbackup/dbackup/internal/vault"
)

// sample is a valid configuration of a kind; Open must accept it. Kinds that connect in Open
// (SFTP) get a real in-process server.
type sample struct {
	settings map[string]string
	secrets  map[string]vault.Secret
}

func samples(t *testing.T) map[string]sample {
	srv := sftptest.New(t)
	return map[string]sample{
		"sftp": {
			settings: map[string]string{
				"host": srv.Host, "port": strconv.Itoa(srv.Port), "username": srv.User, "path": "/",
				"host_key_fingerprint": srv.HostKeyFingerprint,
			},
			secrets: map[string]vault.Secret{"password": vault.NewSecret(srv.Password)},
		},
		"local": {settings: map[string]string{"path": t.TempDir()}},
		"s3": {
			settings: map[string]string{
				"endpoint": "http://127.0.0.1:9", "region": "eu-west-1", "bucket": "backups",
				"prefix": "dbackup/prod", "path_style": "true", "storage_class": "STANDARD_IA",
				"access_key_id": "AKIAEXAMPLE",
			},
			secrets: map[string]vault.Secret{"secret_access_key": vault.NewSecret("s3cr3t")},
		},
	}
}

var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

func TestSpecs(t *testing.T) {
	all := kinds.All()
	require.NotEmpty(t, all)
	seen := map[string]bool{}
	for _, e := range all {
		k := e.Kind
		require.Regexp(t, snakeCase, k.Name)
		require.False(t, seen[k.Name], "kind %s listed twice", k.Name)
		seen[k.Name] = true
		require.NotEmpty(t, k.Label, k.Name)
		require.NotNil(t, e.Open, k.Name)
		got, ok := kinds.Lookup(k.Name)
		require.True(t, ok)
		require.Equal(t, k.Name, got.Kind.Name)
		fields := map[string]bool{}
		for _, f := range k.Fields {
			require.Regexp(t, snakeCase, f.Name, "%s field", k.Name)
			require.False(t, fields[f.Name], "%s.%s twice", k.Name, f.Name)
			fields[f.Name] = true
			require.NotEmpty(t, f.Label, "%s.%s", k.Name, f.Name)
			require.Contains(t, []storage.FieldType{storage.FieldString, storage.FieldInt, storage.FieldBool,
				storage.FieldSecret, storage.FieldEnum, storage.FieldText}, f.Type, "%s.%s", k.Name, f.Name)
			require.Equal(t, f.Type == storage.FieldEnum, len(f.Options) > 0, "%s.%s: options go with enums", k.Name, f.Name)
			require.False(t, f.Required && f.Default != "", "%s.%s: a required field needs no default", k.Name, f.Name)
			if f.Type == storage.FieldEnum && f.Default != "" {
				require.Contains(t, f.Options, f.Default, "%s.%s", k.Name, f.Name)
			}
		}
	}
	_, ok := kinds.Lookup("nope")
	require.False(t, ok)
}

func TestS3Fields(t *testing.T) {
	e, ok := kinds.Lookup("s3")
	require.True(t, ok)
	var names []string
	for _, f := range e.Kind.Fields {
		names = append(names, f.Name)
	}
	require.Equal(t, []string{"endpoint", "region", "bucket", "prefix", "path_style", "storage_class",
		"access_key_id", "secret_access_key"}, names)
	f, _ := e.Kind.Field("secret_access_key")
	require.Equal(t, storage.FieldSecret, f.Type)
}

func TestOpenValidates(t *testing.T) {
	samples := samples(t)
	for _, e := range kinds.All() {
		t.Run(e.Kind.Name, func(t *testing.T) {
			smp, ok := samples[e.Kind.Name]
			require.True(t, ok, "add sample settings for kind %q to samples()", e.Kind.Name)

			s, err := e.Open(t.Context(), smp.settings, smp.secrets)
			require.NoError(t, err, "the sample is valid")
			require.NoError(t, s.Close())

			for _, f := range e.Kind.Fields {
				if !f.Required {
					continue
				}
				settings, secrets := without(smp, f.Name)
				_, err := e.Open(t.Context(), settings, secrets)
				requireConfigError(t, err, f.Name)
			}

			settings, secrets := without(smp, "")
			settings["bogus_field"] = "x"
			_, err = e.Open(t.Context(), settings, secrets)
			requireConfigError(t, err, "bogus_field")

			settings, secrets = without(smp, "")
			secrets["bogus_secret"] = vault.NewSecret("x")
			_, err = e.Open(t.Context(), settings, secrets)
			requireConfigError(t, err, "bogus_secret")

			for _, f := range e.Kind.Fields {
				settings, secrets := without(smp, "")
				switch f.Type {
				case storage.FieldSecret:
					settings[f.Name] = "plain"
					_, err := e.Open(t.Context(), settings, secrets)
					requireConfigError(t, err, f.Name) // secrets never travel in plain settings
				case storage.FieldInt, storage.FieldBool, storage.FieldEnum:
					settings[f.Name] = "not-a-valid-value"
					_, err := e.Open(t.Context(), settings, secrets)
					requireConfigError(t, err, f.Name)
				}
			}
		})
	}
}

func TestOpenSpecificErrors(t *testing.T) {
	smp := samples(t)
	for _, tc := range []struct {
		kind, field, value string
	}{
		{"local", "path", "relative/path"},
		{"s3", "endpoint", "minio:9000"},
		{"s3", "endpoint", "ftp://example.com"},
		{"s3", "bucket", "bucket/with/folder"},
		{"s3", "prefix", "a/../b"},
		{"s3", "storage_class", "standard ia"},
	} {
		t.Run(tc.kind+" "+tc.field+" "+tc.value, func(t *testing.T) {
			e, ok := kinds.Lookup(tc.kind)
			require.True(t, ok)
			settings, secrets := without(smp[tc.kind], "")
			settings[tc.field] = tc.value
			_, err := e.Open(t.Context(), settings, secrets)
			requireConfigError(t, err, tc.field)
		})
	}
}

// without copies a sample, leaving out the field called name.
func without(s sample, name string) (map[string]string, map[string]vault.Secret) {
	settings := map[string]string{}
	for k, v := range s.settings {
		if k != name {
			settings[k] = v
		}
	}
	secrets := map[string]vault.Secret{}
	for k, v := range s.secrets {
		if k != name {
			secrets[k] = v
		}
	}
	return settings, secrets
}

func requireConfigError(t *testing.T, err error, field string) {
	t.Helper()
	var ce *connerr.Error
	require.True(t, errors.As(err, &ce), "want a connerr.Error naming %s, got %v", field, err)
	require.Equal(t, connerr.Config, ce.Kind, "%v", err)
	require.Equal(t, field, ce.Op, "%v", err)
	require.NotEmpty(t, ce.Hint, "the error says how to fix %s", field)
	require.False(t, slices.Contains([]string{"", "***"}, ce.Err.Error()))
}
