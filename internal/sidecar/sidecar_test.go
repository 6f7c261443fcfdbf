package sidecar

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func sample() Sidecar {
	t0 := time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC)
	return Sidecar{
		Object: "nightly/nightly_app_2026-11-28_030000.dump.zst.enc", JobID: "job_1", JobName: "nightly",
		ExecutionID: "exe_1", Engine: "postgres", ServerVersion: "PostgreSQL 15.19", Databases: []string{"app"},
		Format: "pg_dump-custom", Compression: "zstd",
		Encryption: &Encryption{Format: EncryptionFormat, ProfileID: "enc_1", ProfileName: "main", KeyID: "0123456789abcdef"},
		Size:       1234, SHA256: strings.Repeat("ab", 32), DumpSize: 5000, StartedAt: t0, FinishedAt: t0.Add(time.Minute),
	}
}

func TestRoundTrip(t *testing.T) {
	b, err := Marshal(sample())
	require.NoError(t, err)
	got, err := Parse(b)
	require.NoError(t, err)
	want := sample()
	want.Version = Version
	require.Equal(t, want, got)

	plain := sample()
	plain.Encryption = nil
	b, err = Marshal(plain)
	require.NoError(t, err)
	require.Contains(t, string(b), `"encryption": null`)
}

func TestParseRefuses(t *testing.T) {
	edit := func(f func(m map[string]any)) []byte {
		b, err := Marshal(sample())
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, json.Unmarshal(b, &m))
		f(m)
		out, err := json.Marshal(m)
		require.NoError(t, err)
		return out
	}
	cases := map[string][]byte{
		"not json":        []byte("{"),
		"trailing data":   append(edit(func(map[string]any) {}), []byte(" {}")...),
		"newer version":   edit(func(m map[string]any) { m["version"] = 2 }),
		"no version":      edit(func(m map[string]any) { delete(m, "version") }),
		"bad sha":         edit(func(m map[string]any) { m["sha256"] = strings.Repeat("AB", 32) }),
		"short sha":       edit(func(m map[string]any) { m["sha256"] = "abc" }),
		"bad compression": edit(func(m map[string]any) { m["compression"] = "xz" }),
		"negative size":   edit(func(m map[string]any) { m["size"] = -1 }),
		"no engine":       edit(func(m map[string]any) { delete(m, "engine") }),
		"sidecar object":  edit(func(m map[string]any) { m["object"] = "a" + Suffix }),
		"bad key id":      edit(func(m map[string]any) { m["encryption"].(map[string]any)["keyId"] = "xyz" }),
		"unknown enc fmt": edit(func(m map[string]any) { m["encryption"].(map[string]any)["format"] = "aes" }),
		"too large":       []byte(`{"x":"` + strings.Repeat("a", MaxSize) + `"}`),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(b)
			require.ErrorIs(t, err, ErrInvalid)
		})
	}
	// Unknown fields are ignored, for forward compatibility.
	_, err := Parse(edit(func(m map[string]any) { m["later"] = true }))
	require.NoError(t, err)
}

func TestNames(t *testing.T) {
	require.Equal(t, "a/b.dump.meta.json", Name("a/b.dump"))
	require.True(t, IsName("a/b.dump.meta.json"))
	require.False(t, IsName(Suffix))
	require.False(t, IsName("a/b.dump"))
	require.Equal(t, "a/b.dump", ObjectOf("a/b.dump.meta.json"))
}

func FuzzParse(f *testing.F) {
	b, err := Marshal(sample())
	require.NoError(f, err)
	f.Add(b)
	f.Add([]byte(`{"version":1}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Parse(b)
		if err != nil {
			require.ErrorIs(t, err, ErrInvalid)
			return
		}
		// Whatever parses must survive a round trip unchanged.
		out, err := Marshal(s)
		require.NoError(t, err)
		again, err := Parse(out)
		require.NoError(t, err)
		require.Equal(t, s.SHA256, again.SHA256)
		require.Equal(t, s.Object, again.Object)
	})
}
