package recoverykit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/dbackup/dbackup/internal/sidecar"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/stretchr/testify/require"
)

// vectorDir holds the format's test vectors (docs/backup-format.md, "Test vectors").
const vectorDir = "../../testdata/encfile"

// vector is the part of a test vector's JSON a reader needs.
type vector struct {
	Name       string         `json:"name"`
	Expect     string         `json:"expect"`
	Keys       []string       `json:"keys"`
	ExtraWraps []encfile.Wrap `json:"extra_wraps"`
	Plaintext  *struct {
		Size   int    `json:"size"`
		SHA256 string `json:"sha256"`
	} `json:"plaintext"`
}

func loadVectors(t *testing.T) []vector {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(vectorDir, "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "no test vectors in %s", vectorDir)
	var vs []vector
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		var v vector
		require.NoError(t, json.Unmarshal(b, &v), f)
		require.Equal(t, strings.TrimSuffix(filepath.Base(f), ".json"), v.Name)
		vs = append(vs, v)
	}
	return vs
}

// TestScriptDecryptsVectors runs the kit's script on every test vector: the ok vectors decrypt
// to their plaintext, the others fail with the error the vector names and leave nothing behind.
// A vector's extra wraps reach the script through a sidecar, as they do in real backups.
func TestScriptDecryptsVectors(t *testing.T) {
	requireNode(t)
	vs := loadVectors(t)
	ok := 0
	for _, v := range vs {
		t.Run(v.Name, func(t *testing.T) {
			bin, err := os.ReadFile(filepath.Join(vectorDir, v.Name+".bin"))
			require.NoError(t, err)
			dir := t.TempDir()
			file := filepath.Join(dir, v.Name+".enc")
			require.NoError(t, os.WriteFile(file, bin, 0o644))
			if len(v.ExtraWraps) > 0 {
				writeVectorSidecar(t, file, bin, v.ExtraWraps)
			}
			args := []string{scriptPath, "--decrypt", file, "-o", filepath.Join(dir, "out")}
			var keys []vault.Key
			for _, k := range v.Keys {
				args = append(args, "--key", k)
				vk, err := vault.ParseKey(k)
				require.NoError(t, err)
				keys = append(keys, vk)
			}
			r := runNode(t, "", args...)
			require.Equal(t, v.Expect, r.errName(), "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)

			// internal/encfile agrees, so the script and the Go reader refuse the same files.
			_, goErr := goDecrypt(bin, keys, v.ExtraWraps...)
			require.Equal(t, v.Expect, goErrName(goErr))

			if v.Expect != "ok" {
				requireEmptyDir(t, filepath.Join(dir, "out"))
				return
			}
			out, err := os.ReadFile(filepath.Join(dir, "out", v.Name))
			require.NoError(t, err)
			require.NotNil(t, v.Plaintext)
			sum := sha256.Sum256(out)
			require.Equal(t, v.Plaintext.Size, len(out))
			require.Equal(t, v.Plaintext.SHA256, hex.EncodeToString(sum[:]))
			ok++
		})
	}
	require.GreaterOrEqual(t, ok, 11, "the format lists 11 ok vectors")
}

// writeVectorSidecar writes a sidecar carrying wraps beside a vector's file.
func writeVectorSidecar(t *testing.T, file string, bin []byte, wraps []encfile.Wrap) {
	t.Helper()
	h, err := encfile.ParseHeader(bin[:encfile.HeaderSize])
	require.NoError(t, err)
	sum := sha256.Sum256(bin)
	body, err := sidecar.Marshal(sidecar.Sidecar{Object: filepath.Base(file), Engine: "test", Databases: []string{},
		Format: "raw", Compression: "none", Size: int64(len(bin)), SHA256: hex.EncodeToString(sum[:]),
		Encryption: &sidecar.Encryption{Format: sidecar.EncryptionFormat, KeyID: h.KeyID(), Wraps: wraps}})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(file+sidecar.Suffix, body, 0o644))
}
