package recoverykit

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dbackup/dbackup/internal/compress"
	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/dbackup/dbackup/internal/sidecar"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/stretchr/testify/require"
)

// scriptPath is the script as it sits in the repository; kits carry the embedded copy.
const scriptPath = "dbackup-recover.js"

// nodeTimeout bounds one run of the script; the largest test file is a few MB.
const nodeTimeout = 2 * time.Minute

// testNow is the pinned clock of the tests.
var testNow = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// requireNode returns the node executable. The kit's script is the product under test, so a
// machine without Node.js fails these tests instead of skipping them.
func requireNode(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is not on PATH: the recovery kit tests run dbackup-recover.js with the real Node.js; install Node.js 18 or later (https://nodejs.org) and run the tests again")
	}
	return node
}

// result is what one run of the script did.
type result struct {
	code           int
	stdout, stderr string
}

// errName is the first error name (ErrTampered, …) the script printed, or "ok" when it
// succeeded.
func (r result) errName() string {
	if r.code == 0 {
		return "ok"
	}
	if m := errNameRE.FindString(r.stderr); m != "" {
		return m
	}
	return "exit status without an error name"
}

var errNameRE = regexp.MustCompile(`\bErr[A-Z][A-Za-z]+`)

// runNode runs node with args in dir and returns what happened.
func runNode(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return runNodeInput(t, dir, "", args...)
}

// runNodeInput is runNode with stdin.
func runNodeInput(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	node := requireNode(t)
	ctx, cancel := context.WithTimeout(context.Background(), nodeTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Stdin = strings.NewReader(stdin)
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	default:
		t.Fatalf("run node %v: %v", args, err)
	}
	return r
}

var (
	zstdOnce   sync.Once
	nodeZstdOK bool
)

// nodeHasZstd reports whether the running Node.js has zlib.createZstdDecompress.
func nodeHasZstd(t *testing.T) bool {
	t.Helper()
	zstdOnce.Do(func() {
		r := runNode(t, "", "-p", "typeof require('zlib').createZstdDecompress")
		nodeZstdOK = strings.TrimSpace(r.stdout) == "function"
	})
	return nodeZstdOK
}

// errorNames are encfile's sentinels by the names the format and the script use.
var errorNames = []struct {
	name string
	err  error
}{
	{"ErrNotEncrypted", encfile.ErrNotEncrypted},
	{"ErrUnsupportedVersion", encfile.ErrUnsupportedVersion},
	{"ErrHeader", encfile.ErrHeader},
	{"ErrUnknownKey", encfile.ErrUnknownKey},
	{"ErrWrongKey", encfile.ErrWrongKey},
	{"ErrTampered", encfile.ErrTampered},
	{"ErrTruncated", encfile.ErrTruncated},
	{"ErrTrailingData", encfile.ErrTrailingData},
	{"ErrTooLarge", encfile.ErrTooLarge},
	{"ErrMalformedWrap", encfile.ErrMalformedWrap},
}

// goErrName names err as the script would, "ok" for nil.
func goErrName(err error) string {
	if err == nil {
		return "ok"
	}
	for _, e := range errorNames {
		if errors.Is(err, e.err) {
			return e.name
		}
	}
	return "unnamed error: " + err.Error()
}

// goDecrypt reads a file with internal/encfile and returns the plaintext or the error.
func goDecrypt(file []byte, keys []vault.Key, wraps ...encfile.Wrap) ([]byte, error) {
	r, err := encfile.NewReader(bytes.NewReader(file), encfile.Keys(keys...), wraps...)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if _, err := io.Copy(&out, r); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func newKey(t *testing.T) vault.Key {
	t.Helper()
	k, err := vault.GenerateKey()
	require.NoError(t, err)
	return k
}

func randomBytes(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return b
}

// writeKit writes a kit for keys with Write and unzips it into a fresh folder, as a user would.
func writeKit(t *testing.T, keys ...Key) string {
	t.Helper()
	var zipped bytes.Buffer
	require.NoError(t, Write(&zipped, keys, testNow))
	dir := t.TempDir()
	unzip(t, zipped.Bytes(), dir)
	return dir
}

func unzip(t *testing.T, data []byte, dir string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	for _, f := range zr.File {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o700))
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		require.NoError(t, rc.Close())
		require.NoError(t, os.WriteFile(p, b, f.Mode().Perm()))
	}
}

func kitKey(name string, k vault.Key) Key {
	return Key{ProfileID: "prof-" + name, ProfileName: name, Key: append([]byte(nil), k[:]...)}
}

// backupSpec describes a backup as a job run stores it.
type backupSpec struct {
	object    string // relative to the destination root, without extensions
	ext       string // the dump's extension, such as ".dump"
	plain     []byte // the dump (or archive)
	alg       compress.Algorithm
	key       *vault.Key // nil: not encrypted
	chunkSize int
	format    string
	databases []string
}

// writeBackup stores spec under root the way internal/execution does: dump ▶ compress ▶
// encrypt, then the sidecar with the same fields. It returns the object's path.
func writeBackup(t *testing.T, root string, spec backupSpec) string {
	t.Helper()
	var stored bytes.Buffer
	var sink io.Writer = &stored
	var enc *encfile.Writer
	var scEnc *sidecar.Encryption
	object := spec.object + spec.ext + spec.alg.Extension()
	if spec.key != nil {
		var err error
		enc, err = encfile.NewWriter(&stored, *spec.key, encfile.Options{ChunkSize: spec.chunkSize})
		require.NoError(t, err)
		sink = enc
		object += ".enc"
		scEnc = &sidecar.Encryption{Format: sidecar.EncryptionFormat, ProfileID: "prof-1", ProfileName: "Production", KeyID: vault.KeyID(*spec.key)}
	}
	cw, err := compress.NewWriter(sink, spec.alg)
	require.NoError(t, err)
	_, err = cw.Write(spec.plain)
	require.NoError(t, err)
	require.NoError(t, cw.Close())
	if enc != nil {
		require.NoError(t, enc.Close())
	}
	format, dbs := spec.format, spec.databases
	if format == "" {
		format, dbs = "pg_dump-custom", []string{"app"}
	}
	sum := sha256.Sum256(stored.Bytes())
	sc := sidecar.Sidecar{Object: object, JobID: "job-1", JobName: "nightly", ExecutionID: "exe-1",
		Engine: "postgres", ServerVersion: "17.2", ToolVersion: "17.4",
		Databases: dbs, Format: format, Compression: string(spec.alg), Encryption: scEnc,
		Size: int64(stored.Len()), SHA256: hex.EncodeToString(sum[:]), DumpSize: int64(len(spec.plain)),
		StartedAt: testNow, FinishedAt: testNow.Add(time.Minute)}
	body, err := sidecar.Marshal(sc)
	require.NoError(t, err)
	p := filepath.Join(root, filepath.FromSlash(object))
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, stored.Bytes(), 0o644))
	require.NoError(t, os.WriteFile(p+sidecar.Suffix, body, 0o644))
	return p
}

// requireEmptyDir fails unless dir is missing or holds nothing: a failed restore leaves no
// output and no temporary file.
func requireEmptyDir(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return
	}
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	require.Empty(t, names, "a failed restore left files in %s", dir)
}

// decompressGo decompresses data with internal/compress.
func decompressGo(t *testing.T, data []byte, alg compress.Algorithm) []byte {
	t.Helper()
	r, err := compress.NewReader(bytes.NewReader(data), alg)
	require.NoError(t, err)
	defer r.Close()
	out, err := io.ReadAll(r)
	require.NoError(t, err)
	return out
}
