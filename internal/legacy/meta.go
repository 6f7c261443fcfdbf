package legacy

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// MaxMetaSize caps a sidecar, as sidecar.MaxSize does for DBackup's own: a real one is a few KiB.
const MaxMetaSize = 1 << 20

// Meta is what a seed sidecar says about its backup. Every field but IV and AuthTag (for an
// encrypted backup) is optional; Raw keeps the whole document for fields not modelled here.
type Meta struct {
	// Encrypted is true when the sidecar carries an IV and a tag.
	Encrypted bool
	IV        []byte
	AuthTag   []byte
	// Algorithm is the encryption algorithm named in the sidecar, lower case; empty when it
	// names none (the seed only ever wrote "aes-256-gcm").
	Algorithm string
	ProfileID string
	// Compression is "gzip", "brotli", "none", or "" when the sidecar does not say (see
	// CompressionFor).
	Compression string
	JobID       string
	JobName     string
	SourceName  string
	SourceType  string
	// Databases are the database names; DatabaseCount may be larger when only a count was kept.
	Databases     []string
	DatabaseCount int
	// MultiDB is true when the sidecar says the content is a tar of several databases.
	MultiDB bool
	// CreatedAt is "createdAt" or "timestamp"; zero when absent or not RFC 3339.
	CreatedAt time.Time
	// Size is the "size" field, in bytes, or -1 when absent.
	Size int64
	// Checksum is the lower-case hex SHA-256 of the stored file ("checksum"), or "".
	Checksum         string
	OriginalFileName string
	Raw              map[string]any
}

// IsLegacySidecar reports whether data is a seed sidecar of an encrypted backup: a JSON object
// with hex "iv" and "authTag" strings, at the top level or inside "encryption".
func IsLegacySidecar(data []byte) bool {
	m, err := ParseMeta(data)
	return err == nil && m.Encrypted
}

// ParseMeta reads a seed sidecar. It accepts both layouts the seed wrote over time: the flat one
// ({"iv","authTag","encryptionProfileId"|"profileId","compression",...}) and the nested one
// ({"encryption":{"enabled","profileId","algorithm","iv","authTag"},...}). Values are read
// liberally (compression in any case, "databases" as a list of names, a list of objects or
// {"count","names"}); unknown fields are kept in Raw. It fails with ErrNotLegacy for JSON that is
// no object or is a DBackup sidecar (it has "object" and "format"), and with ErrMeta for an
// encrypted backup whose IV, tag or algorithm cannot be used.
func ParseMeta(data []byte) (*Meta, error) {
	if len(data) > MaxMetaSize {
		return nil, fmt.Errorf("legacy: %w: %d bytes, more than %d", ErrNotLegacy, len(data), MaxMetaSize)
	}
	var raw map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil || raw == nil || dec.More() {
		return nil, fmt.Errorf("legacy: %w: not a JSON object", ErrNotLegacy)
	}
	if _, ok := raw["object"]; ok {
		if _, ok := raw["format"]; ok {
			return nil, fmt.Errorf("legacy: %w: a DBackup sidecar", ErrNotLegacy)
		}
	}
	m := &Meta{Raw: raw, Size: -1}
	enc, _ := raw["encryption"].(map[string]any)
	pick := func(keys ...string) string {
		for _, src := range []map[string]any{enc, raw} {
			for _, k := range keys {
				if s, ok := src[k].(string); ok && s != "" {
					return s
				}
			}
		}
		return ""
	}
	m.ProfileID = pick("profileId", "encryptionProfileId")
	m.Algorithm = strings.ToLower(pick("algorithm"))
	if s, ok := raw["encryption"].(string); ok && m.Algorithm == "" {
		m.Algorithm = strings.ToLower(s)
	}
	ivHex, tagHex := pick("iv"), pick("authTag", "auth_tag", "tag")
	enabled := boolField(raw, "encrypted") || boolField(enc, "enabled")
	switch {
	case ivHex != "" && tagHex != "":
		if err := m.setCrypto(ivHex, tagHex); err != nil {
			return nil, err
		}
	case ivHex != "" || tagHex != "" || enabled:
		return nil, fmt.Errorf("legacy: %w: encrypted, but without both iv and authTag", ErrMeta)
	}

	comp, err := NormalizeCompression(pick("compression"))
	if err != nil {
		return nil, err
	}
	m.Compression = comp
	m.JobID, m.JobName = pick("jobId"), pick("jobName")
	m.SourceName, m.SourceType = pick("sourceName"), pick("sourceType", "sourceAdapter", "engine")
	m.OriginalFileName = pick("originalFileName")
	m.Checksum = strings.ToLower(pick("checksum", "sha256"))
	for _, k := range []string{"createdAt", "timestamp", "finishedAt"} {
		if t, err := time.Parse(time.RFC3339Nano, pick(k)); err == nil {
			m.CreatedAt = t
			break
		}
	}
	if n, ok := raw["size"].(json.Number); ok {
		if v, err := n.Int64(); err == nil && v >= 0 {
			m.Size = v
		}
	}
	m.Databases, m.DatabaseCount = databases(raw["databases"])
	if _, ok := raw["multiDb"]; ok && raw["multiDb"] != nil && raw["multiDb"] != false {
		m.MultiDB = true
	}
	return m, nil
}

func (m *Meta) setCrypto(ivHex, tagHex string) error {
	if m.Algorithm != "" && m.Algorithm != "aes-256-gcm" {
		return fmt.Errorf("legacy: %w: algorithm %q, only aes-256-gcm is supported", ErrMeta, m.Algorithm)
	}
	iv, err := hex.DecodeString(ivHex)
	if err != nil || len(iv) < minIVSize || len(iv) > maxIVSize {
		return fmt.Errorf("legacy: %w: iv must be %d to %d bytes of hex", ErrMeta, minIVSize, maxIVSize)
	}
	tag, err := hex.DecodeString(tagHex)
	if err != nil || len(tag) != TagSize {
		return fmt.Errorf("legacy: %w: authTag must be %d bytes of hex", ErrMeta, TagSize)
	}
	m.Encrypted, m.IV, m.AuthTag = true, iv, tag
	return nil
}

func boolField(m map[string]any, k string) bool {
	b, _ := m[k].(bool)
	return b
}

// databases reads "databases" as ["a","b"], [{"name":"a"},...] or {"count":2,"names":[...]}.
func databases(v any) ([]string, int) {
	var names []string
	count := 0
	switch d := v.(type) {
	case []any:
		for _, e := range d {
			switch e := e.(type) {
			case string:
				names = append(names, e)
			case map[string]any:
				for _, k := range []string{"name", "database", "dbName"} {
					if s, ok := e[k].(string); ok && s != "" {
						names = append(names, s)
						break
					}
				}
			}
		}
		count = len(d)
	case map[string]any:
		names, _ = databases(d["names"])
		if n, ok := d["count"].(json.Number); ok {
			if c, err := n.Int64(); err == nil && c > 0 && c < 1<<20 {
				count = int(c)
			}
		}
	}
	return names, max(count, len(names))
}

// NormalizeCompression maps the names the seed used ("GZIP", "BROTLI", "NONE", in any case,
// and "gz", "br") to "gzip", "brotli" or "none"; "" stays "" (unknown). Others are ErrMeta.
func NormalizeCompression(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return "", nil
	case "gzip", "gz":
		return "gzip", nil
	case "brotli", "br":
		return "brotli", nil
	case "none", "identity":
		return "none", nil
	}
	return "", fmt.Errorf("legacy: %w: compression %q is not gzip, brotli or none", ErrMeta, s)
}

// CompressionFor returns the sidecar's compression or, when it does not say, the one the file
// name implies: ".gz" gzip, ".br" brotli (before an optional ".enc"), otherwise none.
func (m *Meta) CompressionFor(fileName string) string {
	if m.Compression != "" {
		return m.Compression
	}
	return InferCompression(fileName)
}

// InferCompression guesses the compression from a file name, as the seed named its files
// ("x.sql.gz.enc", "x.sql.br").
func InferCompression(fileName string) string {
	name := strings.TrimSuffix(strings.ToLower(fileName), ".enc")
	switch {
	case strings.HasSuffix(name, ".gz"):
		return "gzip"
	case strings.HasSuffix(name, ".br"):
		return "brotli"
	}
	return "none"
}
