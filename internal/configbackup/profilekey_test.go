package configbackup

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/testutil/entdb"
	"github.com/dbackup/dbackup/internal/vault"
)

// exportUnderProfileKey writes a sealed export of a's configuration under a's profile key.
func exportUnderProfileKey(t *testing.T, a *seeded) []byte {
	t.Helper()
	data, err := Export(sysctx(), a.c, ExportOptions{IncludeSecrets: true, ProfileKey: &a.profileKey,
		Now: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC), Version: "v-test"})
	require.NoError(t, err)
	return data
}

func TestProfileKeyEnvelopeRoundTrip(t *testing.T) {
	a := seed(t)
	a.c.Setting.Create().SetKey(LocalSettingPrefix + "configBackup").SetValue(`{"enabled":true}`).ExecX(sysctx())
	data := exportUnderProfileKey(t, a)

	var raw struct{ Envelope map[string]any }
	require.NoError(t, json.Unmarshal(data, &raw))
	require.Equal(t, "profile-key", raw.Envelope["kdf"])
	require.Equal(t, vault.KeyID(a.profileKey), raw.Envelope["keyId"])
	require.NotContains(t, raw.Envelope, "time", "no argon2id parameters")
	require.NotContains(t, string(data), sourcePassword)
	require.NotContains(t, string(data), LocalSettingPrefix, "settings of the instance alone do not travel")

	lookup := func(kid string) (vault.Key, error) {
		if kid != vault.KeyID(a.profileKey) {
			return vault.Key{}, errors.New("unknown key")
		}
		return a.profileKey, nil
	}
	doc, err := ParseWith(data, ParseOptions{ProfileKey: lookup})
	require.NoError(t, err)
	require.Equal(t, sourcePassword, doc.Secret(KindSource, "prod-pg", "password").Reveal())

	b := entdb.Open(t)
	_, err = Apply(sysctx(), b, doc, PolicySkip)
	require.NoError(t, err)
	require.Equal(t, 2, b.Source.Query().CountX(sysctx()), "prod-pg and cache were imported")
}

func TestProfileKeyEnvelopeRefusals(t *testing.T) {
	a := seed(t)
	data := exportUnderProfileKey(t, a)
	other, err := vault.GenerateKey()
	require.NoError(t, err)
	right := func(string) (vault.Key, error) { return a.profileKey, nil }

	for _, tt := range []struct {
		name string
		data []byte
		opts ParseOptions
		want error
	}{
		{"no lookup", data, ParseOptions{}, ErrProfileKeyRequired},
		{"passphrase only", data, ParseOptions{Passphrase: testPass}, ErrProfileKeyRequired},
		{"key not here", data, ParseOptions{ProfileKey: func(string) (vault.Key, error) { return vault.Key{}, errors.New("no such key") }}, ErrProfileKeyRequired},
		{"lookup returns another key", data, ParseOptions{ProfileKey: func(string) (vault.Key, error) { return other, nil }}, ErrProfileKeyRequired},
		{"edited item", bytes.Replace(data, []byte(`"prod-pg"`), []byte(`"prod-pG"`), 1), ParseOptions{ProfileKey: right}, ErrOpen},
		{"edited key id", replaceLast(data, vault.KeyID(a.profileKey), vault.KeyID(other)),
			ParseOptions{ProfileKey: func(string) (vault.Key, error) { return other, nil }}, ErrOpen},
		{"argon2id parameters added", bytes.Replace(data, []byte(`"kdf": "profile-key",`), []byte(`"kdf": "profile-key", "time": 1,`), 1),
			ParseOptions{ProfileKey: right}, ErrFormat},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ParseWith(tt.data, tt.opts)
			require.ErrorIs(t, err, tt.want)
			require.Nil(t, doc)
		})
	}

	_, err = Export(sysctx(), a.c, ExportOptions{IncludeSecrets: true, ProfileKey: &a.profileKey, Passphrase: testPass})
	require.Error(t, err, "one sealing key, not two")
}

func TestPassphraseEnvelopeIsUnchangedByProfileKeys(t *testing.T) {
	a := seed(t)
	data := export(t, a.c, false)
	require.NotContains(t, string(data), `"keyId": "`+vault.KeyID(a.profileKey)+`",`+"\n    \"time\"")
	require.Contains(t, string(data), `"kdf": "argon2id",`+"\n    \"time\": 1,")
	doc, err := ParseWith(data, ParseOptions{Passphrase: testPass, ProfileKey: func(string) (vault.Key, error) {
		t.Fatal("a passphrase envelope never asks for a profile key")
		return vault.Key{}, nil
	}})
	require.NoError(t, err)
	require.NotNil(t, doc)
}

// replaceLast replaces the last occurrence of old in data: the envelope's, which ends the file.
func replaceLast(data []byte, old, repl string) []byte {
	at := bytes.LastIndex(data, []byte(old))
	out := append([]byte{}, data[:at]...)
	return append(append(out, repl...), data[at+len(old):]...)
}
