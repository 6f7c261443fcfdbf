package vault

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// vectors is testdata/vectors.json, computed independently with Node.js's crypto module; the
// same vectors are printed in docs/vault-format.md.
type vectors struct {
	Seal []struct {
		Name         string `json:"name"`
		Key          string `json:"key"`
		KID          string `json:"kid"`
		Nonce        string `json:"nonce"`
		Table        string `json:"table"`
		Column       string `json:"column"`
		RowID        string `json:"row_id"`
		PlaintextHex string `json:"plaintext_hex"`
		Sealed       string `json:"sealed"`
	} `json:"seal"`
	Fingerprint []struct {
		Name        string `json:"name"`
		Key         string `json:"key"`
		Secret      string `json:"secret"`
		Fingerprint string `json:"fingerprint"`
	} `json:"fingerprint"`
}

func loadVectors(t *testing.T) vectors {
	t.Helper()
	data, err := os.ReadFile("testdata/vectors.json")
	require.NoError(t, err)
	var v vectors
	require.NoError(t, json.Unmarshal(data, &v))
	require.NotEmpty(t, v.Seal)
	require.NotEmpty(t, v.Fingerprint)
	return v
}

func TestSealVectors(t *testing.T) {
	for _, v := range loadVectors(t).Seal {
		t.Run(v.Name, func(t *testing.T) {
			key, err := ParseKey(v.Key)
			require.NoError(t, err)
			require.Equal(t, v.KID, KeyID(key))
			nonce, err := hex.DecodeString(v.Nonce)
			require.NoError(t, err)
			plain, err := hex.DecodeString(v.PlaintextHex)
			require.NoError(t, err)
			p := Place{Table: v.Table, Column: v.Column, RowID: v.RowID}
			kr, err := NewKeyring(key)
			require.NoError(t, err)

			sealed, err := kr.WithRand(bytes.NewReader(nonce)).Seal(plain, p)
			require.NoError(t, err)
			require.Equal(t, v.Sealed, sealed, "Seal must produce the documented bytes")

			got, err := kr.Open(v.Sealed, p)
			require.NoError(t, err)
			require.Equal(t, plain, got)
		})
	}
}

func TestFingerprintVectors(t *testing.T) {
	for _, v := range loadVectors(t).Fingerprint {
		t.Run(v.Name, func(t *testing.T) {
			key, err := ParseKey(v.Key)
			require.NoError(t, err)
			kr, err := NewKeyring(key)
			require.NoError(t, err)
			require.Equal(t, v.Fingerprint, kr.Fingerprint([]byte(v.Secret)))
			ok, err := kr.VerifyFingerprint([]byte(v.Secret), v.Fingerprint)
			require.NoError(t, err)
			require.True(t, ok)
		})
	}
}

// TestDocumentedVectors keeps docs/vault-format.md and testdata/vectors.json in step.
func TestDocumentedVectors(t *testing.T) {
	doc, err := os.ReadFile("../../docs/vault-format.md")
	require.NoError(t, err)
	v := loadVectors(t)
	for _, s := range v.Seal {
		require.Contains(t, string(doc), s.Sealed, s.Name)
		require.Contains(t, string(doc), s.Nonce, s.Name)
		require.Contains(t, string(doc), s.KID, s.Name)
	}
	for _, f := range v.Fingerprint {
		require.Contains(t, string(doc), f.Fingerprint, f.Name)
	}
}
