package sidecar

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/dbackup/dbackup/internal/storage"
)

// Suffix ends the name of every sidecar: the object's name plus Suffix.
const Suffix = ".meta.json"

// Version is the sidecar layout this build writes; Parse reads it and refuses newer ones.
const Version = 1

// MaxSize caps a sidecar read from storage: a real one is a few KiB, and a listing parses many
// untrusted files, so a huge one is refused before it is decoded.
const MaxSize = 1 << 20

// ErrInvalid reports a sidecar that does not parse or breaks the layout's rules.
var ErrInvalid = errors.New("invalid backup sidecar")

// Sidecar describes one stored backup object. The JSON layout is documented in
// docs/backup-format.md and read independently by the Recovery Kit.
type Sidecar struct {
	Version int `json:"version"`
	// Object is the stored object's name relative to the destination's root.
	Object      string `json:"object"`
	JobID       string `json:"jobId,omitempty"`
	JobName     string `json:"jobName,omitempty"`
	ExecutionID string `json:"executionId,omitempty"`
	// Engine is the source's engine, such as "postgres".
	Engine        string   `json:"engine"`
	ServerVersion string   `json:"serverVersion,omitempty"`
	ToolVersion   string   `json:"toolVersion,omitempty"`
	Databases     []string `json:"databases"`
	// Format is the dump format inside the compression, such as "pg_dump-custom", or
	// "dbackup-tar-v1" for an archive of several databases.
	Format      string `json:"format"`
	Compression string `json:"compression"`
	// Encryption is nil for an unencrypted backup.
	Encryption *Encryption `json:"encryption"`
	// Size is the number of bytes stored; SHA256 is their lower-case hex digest.
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	// DumpSize is the number of bytes of the dump before compression and encryption.
	DumpSize   int64     `json:"dumpSize"`
	StartedAt  time.Time `json:"startedAt"`
	FinishedAt time.Time `json:"finishedAt"`
}

// Encryption says which Encryption Profile key opens the object.
type Encryption struct {
	// Format is the file format, "dbackup-enc-v1".
	Format      string `json:"format"`
	ProfileID   string `json:"profileId,omitempty"`
	ProfileName string `json:"profileName,omitempty"`
	// KeyID is the profile key's public id, the same as in the file's header.
	KeyID string `json:"keyId"`
	// Wraps are extra wraps of the file's data key added later (a rotated profile key, an
	// escrow key); the header's own wrap is not repeated here.
	Wraps []encfile.Wrap `json:"wraps,omitempty"`
}

// EncryptionFormat names the chunked AES-256-GCM format of internal/encfile.
const EncryptionFormat = "dbackup-enc-v1"

// Name returns the sidecar's name for an object.
func Name(object string) string { return object + Suffix }

// IsName reports whether key names a sidecar.
func IsName(key string) bool { return strings.HasSuffix(key, Suffix) && len(key) > len(Suffix) }

// ObjectOf returns the object a sidecar describes.
func ObjectOf(name string) string { return strings.TrimSuffix(name, Suffix) }

// Marshal encodes s, indented so that people can read it, after checking it.
func Marshal(s Sidecar) ([]byte, error) {
	if s.Version == 0 {
		s.Version = Version
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode sidecar: %w", err)
	}
	return append(b, '\n'), nil
}

// Parse decodes and checks a sidecar read from storage. Unknown fields are ignored, so that a
// newer minor layout stays readable; a newer Version is refused.
func Parse(b []byte) (Sidecar, error) {
	if len(b) > MaxSize {
		return Sidecar{}, fmt.Errorf("%w: %d bytes, more than %d", ErrInvalid, len(b), MaxSize)
	}
	var s Sidecar
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&s); err != nil {
		return Sidecar{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if dec.More() {
		return Sidecar{}, fmt.Errorf("%w: data after the JSON object", ErrInvalid)
	}
	if err := s.Validate(); err != nil {
		return Sidecar{}, err
	}
	return s, nil
}

// compressions are the values Compression may take.
var compressions = []string{"zstd", "gzip", "brotli", "none"}

// Validate checks the rules Parse enforces.
func (s Sidecar) Validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, a...))
	}
	switch {
	case s.Version < 1:
		return bad("version %d", s.Version)
	case s.Version > Version:
		return bad("version %d is newer than this build reads (%d): upgrade DBackup", s.Version, Version)
	case s.Object == "" || strings.HasSuffix(s.Object, Suffix):
		return bad("object %q", s.Object)
	case s.Engine == "":
		return bad("no engine")
	case s.Format == "":
		return bad("no format")
	case !slices.Contains(compressions, s.Compression):
		return bad("compression %q is not one of %v", s.Compression, compressions)
	case s.Size < 0 || s.DumpSize < 0:
		return bad("negative size")
	case !isHex(s.SHA256, 64):
		return bad("sha256 must be 64 lower-case hex characters")
	}
	if e := s.Encryption; e != nil {
		switch {
		case e.Format != EncryptionFormat:
			return bad("encryption format %q, want %q", e.Format, EncryptionFormat)
		case !isHex(e.KeyID, 16):
			return bad("keyId must be 16 lower-case hex characters")
		}
	}
	return nil
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// Read reads and parses the sidecar called name from st, refusing one over MaxSize unread.
func Read(ctx context.Context, st storage.Storage, name string) (Sidecar, error) {
	rc, err := st.Get(ctx, name)
	if err != nil {
		return Sidecar{}, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, MaxSize+1))
	if err != nil {
		return Sidecar{}, err
	}
	return Parse(b)
}
