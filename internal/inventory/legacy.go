package inventory

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/catalog"
	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/dbackup/dbackup/internal/legacy"
	"github.com/dbackup/dbackup/internal/sidecar"
	"github.com/dbackup/dbackup/internal/storage"
)

// Formats recorded for backups of the seed product, DBackup's Node.js predecessor. They are
// recorded as Backup rows like DBackup's own; what the row cannot hold (the IV and tag) is read
// again from the seed sidecar whenever the backup is opened.
const (
	// FormatLegacy is one seed dump: PostgreSQL plain SQL or custom archive, mysqldump SQL, …
	FormatLegacy = "legacy-seed"
	// FormatLegacyTar is a seed tar of several dumps with its manifest.json.
	FormatLegacyTar = "legacy-seed-tar"
)

// Error codes of LegacyError, the same as the executions'.
const (
	CodeUnknownKey = "UNKNOWN_KEY"
	CodeIntegrity  = "INTEGRITY"
)

// MsgLegacyNoKey is the message of a legacy backup that no Encryption Profile opens.
const MsgLegacyNoKey = "no Encryption Profile opens this legacy backup: import the seed profile's 64-hex key (Vault → Encryption Profiles → Import)"

// LegacyError is a seed backup that cannot be opened: Code is UNKNOWN_KEY (no profile's key
// verifies) or INTEGRITY (the stored bytes differ from the sidecar's checksum, or the profile
// the sidecar names does not verify them). errors.Is matches encfile.ErrUnknownKey and
// encfile.ErrWrongKey respectively, so callers that map DBackup's own decryption failures map
// these alike.
type LegacyError struct {
	Code string
	Err  error
}

func (e *LegacyError) Error() string { return e.Err.Error() }
func (e *LegacyError) Unwrap() error { return e.Err }

// Is makes the codes match the encfile sentinels of the same meaning.
func (e *LegacyError) Is(target error) bool {
	switch e.Code {
	case CodeUnknownKey:
		return target == encfile.ErrUnknownKey
	case CodeIntegrity:
		return target == encfile.ErrWrongKey
	}
	return false
}

// IsLegacy reports whether b is a backup of the seed product.
func IsLegacy(b *ent.Backup) bool { return b.Format == FormatLegacy || b.Format == FormatLegacyTar }

// parseLegacy reads data as a seed sidecar. Encrypted ones are recognised by their IV and tag
// (legacy.IsLegacySidecar); unencrypted ones, which carry neither, only when they say something
// the seed always wrote (source type, job, databases or compression), so that an arbitrary JSON
// file next to an object is not taken for a backup.
func parseLegacy(data []byte) (*legacy.Meta, error) {
	m, err := legacy.ParseMeta(data)
	if err != nil {
		return nil, err
	}
	if !m.Encrypted && m.SourceType == "" && m.JobName == "" && m.DatabaseCount == 0 && m.Compression == "" {
		return nil, fmt.Errorf("legacy: %w: nothing says it describes a backup", legacy.ErrNotLegacy)
	}
	return m, nil
}

// ReadLegacyMeta reads and parses the seed sidecar of object.
func ReadLegacyMeta(ctx context.Context, st storage.Storage, object string) (*legacy.Meta, error) {
	data, err := readLimited(ctx, st, sidecar.Name(object), legacy.MaxMetaSize)
	if err != nil {
		return nil, fmt.Errorf("read the sidecar of %s: %w", object, err)
	}
	m, err := parseLegacy(data)
	if err != nil {
		return nil, fmt.Errorf("sidecar of %s: %w", object, err)
	}
	return m, nil
}

// legacyEngines maps the seed's source types onto DBackup's engine names.
var legacyEngines = map[string]string{
	"postgres": "postgres", "postgresql": "postgres", "pg": "postgres",
	"mysql": "mysql", "mariadb": "mariadb",
	"mongodb": "mongodb", "mongo": "mongodb",
	"sqlite": "sqlite", "sqlite3": "sqlite",
	"redis": "redis",
	"mssql": "mssql", "sqlserver": "mssql",
}

// LegacyEngine is the engine name of a seed source type; unknown types are kept, lower case.
func LegacyEngine(sourceType string) string {
	t := strings.ToLower(strings.TrimSpace(sourceType))
	if e, ok := legacyEngines[t]; ok {
		return e
	}
	if t == "" {
		return "unknown"
	}
	return t
}

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// legacySidecar turns a seed sidecar into the fields DBackup records, for record. The key id
// stays empty (the seed kept none) and the seed's profile id is kept as the profile id. The
// checksum is recorded only when the seed wrote one; the size is the object's, because some
// seed versions recorded the dump's size instead.
func legacySidecar(obj storage.Object, m *legacy.Meta) sidecar.Sidecar {
	name := path.Base(obj.Key)
	sc := sidecar.Sidecar{Version: sidecar.Version, Object: obj.Key, JobName: m.JobName,
		Engine: LegacyEngine(m.SourceType), Format: FormatLegacy, Databases: m.Databases,
		Compression: m.CompressionFor(name), Size: obj.Size, FinishedAt: m.CreatedAt}
	if m.JobName == "" {
		sc.JobName = m.SourceName
	}
	if v, ok := m.Raw["engineVersion"].(string); ok {
		sc.ServerVersion = v
	}
	if m.MultiDB || isTarName(name) {
		sc.Format = FormatLegacyTar
	}
	if sc.FinishedAt.IsZero() {
		sc.FinishedAt = obj.ModTime
	}
	if len(sc.Databases) == 0 {
		sc.Databases = []string{stem(name)}
	}
	if sha256Hex.MatchString(m.Checksum) {
		sc.SHA256 = m.Checksum
	}
	if m.Encrypted {
		sc.Encryption = &sidecar.Encryption{Format: "legacy-aes-256-gcm", ProfileID: m.ProfileID}
	}
	return sc
}

// isTarName reports whether a seed file name says it holds a tar: ".tar" before the
// compression and ".enc" extensions.
func isTarName(name string) bool {
	n := strings.TrimSuffix(strings.ToLower(name), ".enc")
	n = strings.TrimSuffix(strings.TrimSuffix(n, ".gz"), ".br")
	return strings.HasSuffix(n, ".tar")
}

// stem is a file name without its extensions, the database name of a seed backup whose sidecar
// names none.
func stem(name string) string {
	if i := strings.IndexByte(name, '.'); i > 0 {
		return name[:i]
	}
	return name
}

// FindLegacyKey finds the Encryption Profile key that opens an encrypted seed backup: the seed
// sidecar names no key id, so each profile's key is tried with legacy.Verify, the profile whose
// id is the sidecar's first, then every other. Each try reads the whole object once (only seed
// backups need this). The first read also checks the sidecar's checksum, when it has one.
// wrap, when not nil, wraps every read of the object (for progress). Failures are a
// *LegacyError (UNKNOWN_KEY or INTEGRITY), a *catalog.OpenError when no profile key opens under
// the loaded ENCRYPTION_KEY, or a read error.
func FindLegacyKey(ctx context.Context, cat *catalog.Service, st storage.Storage, object string, m *legacy.Meta,
	wrap func(io.Reader) io.Reader) (catalog.CandidateKey, error) {
	keys, err := cat.ProfileKeys(ctx, m.ProfileID)
	if err != nil {
		return catalog.CandidateKey{}, err
	}
	read := func(i int, fn func(io.Reader) error) error {
		rc, err := st.Get(ctx, object)
		if err != nil {
			return fmt.Errorf("read %s: %w", object, err)
		}
		defer rc.Close()
		var r io.Reader = storage.ContextReader(ctx, rc)
		if wrap != nil {
			r = wrap(r)
		}
		h := sha256.New()
		check := i == 0 && m.Checksum != ""
		if check {
			r = io.TeeReader(r, h)
		}
		ferr := fn(r)
		if check {
			if _, err := io.Copy(io.Discard, r); err != nil {
				return fmt.Errorf("read %s: %w", object, err)
			}
			if got := hex.EncodeToString(h.Sum(nil)); got != m.Checksum {
				return &LegacyError{Code: CodeIntegrity, Err: fmt.Errorf(
					"the stored legacy backup's SHA-256 %s differs from its sidecar's checksum %s: the object was changed or damaged", got, m.Checksum)}
			}
		}
		return ferr
	}
	if len(keys) == 0 && m.Checksum != "" {
		if err := read(0, func(io.Reader) error { return nil }); err != nil {
			return catalog.CandidateKey{}, err
		}
	}
	for i, k := range keys {
		err := read(i, func(r io.Reader) error { return legacy.Verify(r, k.Key[:], m) })
		switch {
		case err == nil:
			return k, nil
		case !errors.Is(err, legacy.ErrTampered):
			return catalog.CandidateKey{}, err
		case m.ProfileID != "" && string(k.ProfileID) == m.ProfileID:
			return catalog.CandidateKey{}, &LegacyError{Code: CodeIntegrity, Err: fmt.Errorf(
				"encryption profile %q, which the sidecar names, does not open this legacy backup: %w", k.ProfileName, err)}
		}
	}
	return catalog.CandidateKey{}, &LegacyError{Code: CodeUnknownKey, Err: errors.New(MsgLegacyNoKey)}
}

// readLimited reads a small object, refusing one over max bytes.
func readLimited(ctx context.Context, st storage.Storage, name string, max int64) ([]byte, error) {
	rc, err := st.Get(ctx, name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%w: more than %d bytes", sidecar.ErrInvalid, max)
	}
	return b, nil
}

// readLegacySidecar reads sidecar name as a seed sidecar after it failed to parse as DBackup's
// own (with scErr), and returns what to record. A file that is no seed sidecar either keeps
// scErr as the reason; a seed sidecar whose IV, tag or algorithm is unusable gets its own.
func (s *Service) readLegacySidecar(ctx context.Context, st storage.Storage, name string,
	objects map[string]storage.Object, scErr error) (sidecar.Sidecar, error) {
	data, err := readLimited(ctx, st, name, legacy.MaxMetaSize)
	if err != nil {
		return sidecar.Sidecar{}, scErr
	}
	m, err := parseLegacy(data)
	switch {
	case errors.Is(err, legacy.ErrMeta):
		return sidecar.Sidecar{}, err
	case err != nil:
		return sidecar.Sidecar{}, scErr
	}
	object := sidecar.ObjectOf(name)
	obj, ok := objects[object]
	if !ok { // Scan reports the missing object.
		return sidecar.Sidecar{Object: object}, nil
	}
	return legacySidecar(obj, m), nil
}
