// Package offlinetest writes real DBackup backups for tests of offline recovery, built the way
// the backup pipeline builds them (internal/execution): a dump, or a dbackup-tar-v1 archive of
// several, compressed with internal/compress, encrypted with internal/encfile when a key is
// given, and described by an internal/sidecar sidecar with the same fields.
package offlinetest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dbackup/dbackup/internal/archive"
	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/dbackup/dbackup/internal/sidecar"
	"github.com/dbackup/dbackup/internal/vault"
)

// DB is one database of a backup.
type DB struct {
	Name string
	Data []byte
}

// Spec describes a backup to write.
type Spec struct {
	// Dir is the destination's root; Object the object's name under it.
	Dir, Object string
	Job         string
	Engine      string
	// DBs are the databases: one gives a plain dump, several a dbackup-tar-v1 archive.
	DBs         []DB
	Compression compress.Algorithm
	// Key encrypts the backup when set; Wraps go into the sidecar as extra wraps, made for the
	// given keys with encfile.Rewrap.
	Key       *vault.Key
	WrapsFor  []vault.Key
	NoSidecar bool
	Finished  time.Time
}

// Write writes the backup and its sidecar and returns the object's path.
func Write(t testing.TB, s Spec) string {
	t.Helper()
	content := s.DBs[0].Data
	format := "pg_dump-custom"
	if len(s.DBs) > 1 {
		var buf bytes.Buffer
		w := archive.NewWriter(&buf, s.Engine)
		for _, db := range s.DBs {
			dw, err := w.Create(db.Name)
			must(t, err)
			_, err = dw.Write(db.Data)
			must(t, err)
			w.SetInfo(format, "17.2", "17.4")
		}
		must(t, w.Close())
		content, format = buf.Bytes(), archive.Format
	}
	var compressed bytes.Buffer
	cw, err := compress.NewWriter(&compressed, s.Compression)
	must(t, err)
	_, err = cw.Write(content)
	must(t, err)
	must(t, cw.Close())

	stored := compressed.Bytes()
	var enc *sidecar.Encryption
	if s.Key != nil {
		var out bytes.Buffer
		ew, err := encfile.NewWriter(&out, *s.Key, encfile.Options{ChunkSize: 4096})
		must(t, err)
		_, err = ew.Write(stored)
		must(t, err)
		must(t, ew.Close())
		stored = out.Bytes()
		enc = &sidecar.Encryption{Format: sidecar.EncryptionFormat, ProfileID: "enc_1", ProfileName: "main",
			KeyID: ew.Header().KeyID()}
		for _, k := range s.WrapsFor {
			w, err := encfile.Rewrap(ew.Header(), *s.Key, k)
			must(t, err)
			enc.Wraps = append(enc.Wraps, w)
		}
	}
	path := filepath.Join(s.Dir, filepath.FromSlash(s.Object))
	must(t, os.MkdirAll(filepath.Dir(path), 0o755))
	must(t, os.WriteFile(path, stored, 0o600))
	if s.NoSidecar {
		return path
	}
	var names []string
	dumpSize := 0
	for _, db := range s.DBs {
		names = append(names, db.Name)
		dumpSize += len(db.Data)
	}
	finished := s.Finished
	if finished.IsZero() {
		finished = time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC)
	}
	sum := sha256.Sum256(stored)
	sc := sidecar.Sidecar{Object: s.Object, JobID: "job_1", JobName: s.Job, ExecutionID: "exe_1",
		Engine: s.Engine, ServerVersion: "17.2", ToolVersion: "17.4", Databases: names, Format: format,
		Compression: string(s.Compression), Encryption: enc, Size: int64(len(stored)),
		SHA256: hex.EncodeToString(sum[:]), DumpSize: int64(dumpSize), StartedAt: finished.Add(-time.Minute),
		FinishedAt: finished}
	body, err := sidecar.Marshal(sc)
	must(t, err)
	must(t, os.WriteFile(sidecar.Name(path), body, 0o600))
	return path
}

// Key returns a new random profile key.
func Key(t testing.TB) vault.Key {
	k, err := vault.GenerateKey()
	must(t, err)
	return k
}

// KitKey is one key of a Recovery Kit.
type KitKey struct {
	ProfileID, ProfileName string
	Key                    vault.Key
}

// WriteKit writes a Recovery Kit with these keys into dir, in the layout of internal/recoverykit.
func WriteKit(t testing.TB, dir string, keys ...KitKey) {
	t.Helper()
	must(t, os.MkdirAll(filepath.Join(dir, "keys"), 0o700))
	var b bytes.Buffer
	b.WriteString(`{"version":1,"keys":[`)
	for i, k := range keys {
		kid := vault.KeyID(k.Key)
		file := "keys/" + kid + ".key"
		must(t, os.WriteFile(filepath.Join(dir, filepath.FromSlash(file)), []byte(k.Key.Reveal()+"\n"), 0o600))
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"kid":"` + kid + `","profileId":"` + k.ProfileID + `","profileName":"` + k.ProfileName +
			`","file":"` + file + `"}`)
	}
	b.WriteString("]}")
	must(t, os.WriteFile(filepath.Join(dir, "keys", "keys.json"), b.Bytes(), 0o600))
}

// WriteKeyFile writes k as a key file and returns its path.
func WriteKeyFile(t testing.TB, path string, k vault.Key) string {
	t.Helper()
	must(t, os.WriteFile(path, []byte(k.Reveal()+"\n"), 0o600))
	return path
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
