package configbackup

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/testutil/entdb"
	"github.com/dbackup/dbackup/internal/vault"
)

// TestDamagedFilesAreRefused checks that each damage is refused with its sentinel and that B
// is left as it was.
func TestDamagedFilesAreRefused(t *testing.T) {
	a := seed(t)
	b := entdb.Open(t)
	data := export(t, a.c, true)
	before := counts(t, b)

	refuse := func(t *testing.T, data []byte, pass vault.Secret, want ...error) {
		t.Helper()
		doc, err := Parse(data, pass)
		require.Error(t, err)
		require.Nil(t, doc)
		matched := false
		for _, w := range want {
			matched = matched || errors.Is(err, w)
		}
		require.True(t, matched, "got %v, want one of %v", err, want)
		require.Equal(t, before, counts(t, b), "nothing is written")
	}

	t.Run("wrong passphrase", func(t *testing.T) {
		refuse(t, data, vault.NewSecret("a long passphrase for the tesT"), ErrOpen)
	})
	t.Run("no passphrase", func(t *testing.T) {
		refuse(t, data, vault.Secret{}, ErrPassphraseRequired)
	})
	t.Run("truncated", func(t *testing.T) {
		for _, n := range []int{0, 1, len(data) / 3, len(data) / 2, len(data) - 20, len(data) - 3} {
			refuse(t, data[:n], testPass, ErrFormat)
		}
		// Losing only the final newline is an edit too: the newline is associated data.
		refuse(t, data[:len(data)-1], testPass, ErrOpen)
	})
	t.Run("one flipped byte anywhere", func(t *testing.T) {
		// A byte inside every part of the file: names, settings, the export time, the KDF
		// parameters, salt, nonce, ciphertext, and structure.
		positions := []int{0, 5, 30}
		for _, s := range []string{`"prod-pg"`, `"eu-west-1"`, `"exportedAt"`, `"2026-12-01`, `"v-test"`, `"passwordHashes"`,
			`"retention.defaultKeepLast"`, `"memoryKiB"`, `"salt": "`, `"nonce": "`, `"ciphertext": "`} {
			at := bytes.Index(data, []byte(s))
			require.GreaterOrEqual(t, at, 0, s)
			positions = append(positions, at+len(s)-2, at+len(s)+1, at+len(s)+4)
		}
		for p := 7; p < len(data); p += 97 {
			positions = append(positions, p)
		}
		positions = append(positions, len(data)-5, len(data)-1)
		for _, p := range positions {
			for _, mask := range []byte{0x01, 0x20} {
				bad := bytes.Clone(data)
				bad[p] ^= mask
				refuse(t, bad, testPass, ErrOpen, ErrFormat, ErrFutureVersion)
			}
		}
	})
	t.Run("changed value with valid JSON", func(t *testing.T) {
		bad := bytes.Replace(data, []byte(`"host": "db.example.com"`), []byte(`"host": "db.evil.example"`), 1)
		require.NotEqual(t, data, bad)
		refuse(t, bad, testPass, ErrOpen)
		bad = bytes.Replace(data, []byte(`"time": 1,`), []byte(`"time": 2,`), 1)
		require.NotEqual(t, data, bad)
		refuse(t, bad, testPass, ErrOpen)
		bad = bytes.Replace(data, []byte("\n  \"items\""), []byte("\n   \"items\""), 1)
		require.NotEqual(t, data, bad)
		refuse(t, bad, testPass, ErrOpen)
	})
	t.Run("future version", func(t *testing.T) {
		bad := bytes.Replace(data, []byte(`"version": 1,`), []byte(`"version": 2,`), 1)
		require.NotEqual(t, data, bad)
		refuse(t, bad, testPass, ErrFutureVersion)
	})
	t.Run("not a config backup", func(t *testing.T) {
		refuse(t, []byte(`{"format":"something-else","version":1}`), testPass, ErrFormat)
		refuse(t, []byte(`{"format":"dbackup-config","version":0}`), testPass, ErrFormat)
		refuse(t, []byte(`[]`), testPass, ErrFormat)
		refuse(t, append(bytes.Clone(data), []byte(`{}`)...), testPass, ErrFormat)
	})
	t.Run("KDF out of bounds", func(t *testing.T) {
		bad := bytes.Replace(data, []byte(`"memoryKiB": 8192,`), []byte(`"memoryKiB": 99999999,`), 1)
		require.NotEqual(t, data, bad)
		refuse(t, bad, testPass, ErrFormat)
	})
}

func TestUnsealedFilesAreCheckedToo(t *testing.T) {
	a := seed(t)
	data, err := Export(sysctx(), a.c, ExportOptions{Version: "v1"})
	require.NoError(t, err)
	for name, edit := range map[string][2]string{
		"unknown member":        {`"items": {`, `"extra": 1, "items": {`},
		"unknown item member":   {`"name": "prod-pg",`, `"name": "prod-pg", "color": "red",`},
		"envelope without seal": {`"secrets": "none",`, `"secrets": "none", "envelope": {},`},
		"unknown secrets mode":  {`"secrets": "none",`, `"secrets": "clear",`},
	} {
		t.Run(name, func(t *testing.T) {
			bad := strings.Replace(string(data), edit[0], edit[1], 1)
			require.NotEqual(t, string(data), bad)
			_, err := Parse([]byte(bad), vault.Secret{})
			require.ErrorIs(t, err, ErrFormat)
		})
	}
}

func TestReferencesAreChecked(t *testing.T) {
	a := seed(t)
	data, err := Export(sysctx(), a.c, ExportOptions{Version: "v1"})
	require.NoError(t, err)
	for name, tc := range map[string]struct{ from, to, kind, item, after string }{
		"job names a missing source":      {`"source": "prod-pg"`, `"source": "gone"`, KindJob, "nightly", ""},
		"job names a missing destination": {`"destination": "local"`, `"destination": "gone"`, KindJob, "nightly", ""},
		"job names a missing channel":     {`"mail"` + "\n", `"gone"` + "\n", KindJob, "nightly", ""},
		"user names a missing group":      {`"Operators"`, `"Nobody"`, KindUser, "bob", `"username": "bob"`},
		"SSO names a missing group":       {`"defaultGroup": "Operators"`, `"defaultGroup": "Nobody"`, KindSSOProvider, "Corp", ""},
		"two sources share a name":        {`"name": "cache"`, `"name": "prod-pg"`, KindSource, "prod-pg", ""},
		"unknown engine":                  {`"engine": "redis"`, `"engine": "oracle"`, KindSource, "cache", ""},
		"bad schedule":                    {`"schedule": "0 3 * * *"`, `"schedule": "61 3 * * *"`, KindJob, "nightly", ""},
	} {
		t.Run(name, func(t *testing.T) {
			at := strings.Index(string(data), tc.after)
			bad := string(data[:at]) + strings.Replace(string(data[at:]), tc.from, tc.to, 1)
			require.NotEqual(t, string(data), bad)
			_, err := Parse([]byte(bad), vault.Secret{})
			require.ErrorIs(t, err, ErrInvalid)
			var ie *ItemError
			require.ErrorAs(t, err, &ie)
			require.Equal(t, tc.kind, ie.Kind)
			require.Equal(t, tc.item, ie.Name)
			require.Contains(t, err.Error(), tc.item)
		})
	}
}

func FuzzParse(f *testing.F) {
	c := entdb.Open(f)
	sealed, err := Export(sysctx(), c, ExportOptions{IncludeSecrets: true, Passphrase: testPass, KDF: fastKDF})
	if err != nil {
		f.Fatal(err)
	}
	plain, err := Export(sysctx(), c, ExportOptions{})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sealed)
	f.Add(plain)
	f.Add([]byte(`{"format":"dbackup-config","version":1,"secrets":"sealed","envelope":{"kdf":"argon2id","time":1,"memoryKiB":8192,"threads":1,"salt":"","nonce":"","ciphertext":"AA=="}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse(data, testPass)
		if err == nil && doc == nil {
			t.Fatal("nil document without error")
		}
	})
}

func TestSealedSecretsMustBelongToTheDocument(t *testing.T) {
	a := seed(t)
	doc, err := Parse(export(t, a.c, false), testPass)
	require.NoError(t, err)
	doc.secrets.put(KindSource, "ghost", "password", vault.NewSecret("x"))
	require.ErrorIs(t, doc.validate(), ErrInvalid)

	doc, err = Parse(export(t, a.c, false), testPass)
	require.NoError(t, err)
	doc.secrets.put(KindUser, "alice", "password_hash", vault.NewSecret("x"))
	require.ErrorIs(t, doc.validate(), ErrInvalid, "hashes travel only when the file says so")

	doc, err = Parse(export(t, a.c, false), testPass)
	require.NoError(t, err)
	other, err := vault.GenerateKey()
	require.NoError(t, err)
	doc.secrets.put(KindEncryptionProfile, "main-key", "key", vault.NewSecret(other.Reveal()))
	var ie *ItemError
	require.ErrorAs(t, doc.validate(), &ie)
	require.Equal(t, "main-key", ie.Name)
}
