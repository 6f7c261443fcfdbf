package archive

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Format is the name of this archive format, stored as the format of a backup in its sidecar so
// that a restore knows to open the object with a Reader.
const Format = "dbackup-tar-v1"

// ManifestVersion is the version of manifest.json that this package writes and reads.
const ManifestVersion = 1

// SegmentSize is the largest part a database's dump is cut into. A tar header must state the
// entry's size before its data, and dumps are streams of unknown length, so the Writer buffers
// one part in memory at a time: 4 MiB keeps the process far below its 64 MiB budget (next to the
// compressor's and encrypter's buffers) while the 1 KiB of tar header and padding per part stays
// below 0.03% overhead. Readers reject parts larger than this, which bounds what they trust.
const SegmentSize = 4 << 20

// Limits of the format. The Writer refuses input beyond them and the Reader reports archives
// beyond them as corrupt, so untrusted input cannot make either use unbounded memory.
const (
	// MaxDatabases is the number of databases one archive can hold: the index in an entry's
	// folder name has three decimal digits.
	MaxDatabases = 1000

	// MaxParts is the number of parts one database's dump can have: the part number has six
	// decimal digits, so a dump can be up to about 3.8 TiB.
	MaxParts = 999_999

	// MaxNameLen is the longest database name in bytes. Real engines allow 63 (PostgreSQL) or
	// 64 (MySQL, MongoDB) characters; 255 bytes leaves room for multi-byte characters.
	MaxNameLen = 255

	// MaxInfoLen is the longest dump format, server version or tool version in bytes.
	MaxInfoLen = 128

	// MaxSafeNameLen is the longest sanitized name in an entry's folder name, so that every
	// entry name fits a USTAR header (155-byte prefix plus 100-byte name).
	MaxSafeNameLen = 100

	// MaxManifestSize is the largest manifest.json a Reader loads into memory. MaxDatabases
	// entries with every field at its longest, escaped and indented, stay below it.
	MaxManifestSize = 2 << 20

	// maxEntryNameLen is the longest entry name of the format:
	// "databases/" + "NNN-" + 100 + "/part-NNNNNN".
	maxEntryNameLen = len("databases/000-/part-000000") + MaxSafeNameLen
)

const (
	manifestName = "manifest.json"
	dbDir        = "databases/"
	partPrefix   = "part-"
)

var (
	// ErrCorrupt reports an archive that breaks the format: an unexpected, missing, misnamed or
	// oversized entry, a truncated tar stream, or a manifest that does not match the data read
	// (sizes, SHA-256 digests, part counts, names or order). The error message names the
	// database or entry at fault. I/O errors of the underlying reader are passed on wrapped and
	// do not match it.
	ErrCorrupt = errors.New("corrupt backup archive")

	// ErrUnsupportedVersion reports a manifest with a version this build cannot read.
	ErrUnsupportedVersion = errors.New("unsupported backup archive version")

	// ErrClosed reports a write to a Writer that was closed, or to a database's writer after
	// the next database was started.
	ErrClosed = errors.New("backup archive writer is closed")

	// ErrLimit reports input that the format cannot hold: too many databases or parts, or a
	// name or version string that is too long or not printable UTF-8 text.
	ErrLimit = errors.New("backup archive limit exceeded")
)

// Entry describes one database's dump in an archive.
type Entry struct {
	// Database is the original database name.
	Database string `json:"database"`
	// Path is the folder of the dump's parts in the tar, such as "databases/000-app/".
	Path string `json:"path"`
	// Format is the dump's format, such as "pg_dump-custom".
	Format string `json:"format"`
	// ServerVersion is the version of the database server that was dumped, if known.
	ServerVersion string `json:"serverVersion,omitempty"`
	// ToolVersion is the version of the dump tool, if known.
	ToolVersion string `json:"toolVersion,omitempty"`
	// Size is the length of the dump in bytes.
	Size int64 `json:"size"`
	// SHA256 is the lower-case hex SHA-256 digest of the dump.
	SHA256 string `json:"sha256"`
	// Parts is the number of part entries the dump was cut into (at least 1).
	Parts int `json:"parts"`
}

// Manifest is the content of manifest.json, the last entry of an archive.
type Manifest struct {
	// Version is ManifestVersion.
	Version int `json:"version"`
	// Engine is the kind of database source, such as "postgres".
	Engine string `json:"engine"`
	// Databases lists the dumps in the order of their entries.
	Databases []Entry `json:"databases"`
	// CreatedAt is when the Writer was created, in UTC, to the second.
	CreatedAt time.Time `json:"createdAt"`
}

// SafeName returns the form of a database name used in entry names: every character (Unicode
// code point) outside [A-Za-z0-9._-] becomes '_', and the result is cut to MaxSafeNameLen bytes.
func SafeName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if b.Len() == MaxSafeNameLen {
			break
		}
		if r < utf8.RuneSelf && isSafe(byte(r)) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

func isSafe(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-'
}

// folder returns the folder of the database with the given index, with its trailing slash.
func folder(index int, name string) string {
	return fmt.Sprintf("%s%03d-%s/", dbDir, index, SafeName(name))
}

// partName returns the entry name of part n (from 1) in folder.
func partName(folder string, n int) string {
	return fmt.Sprintf("%s%s%06d", folder, partPrefix, n)
}

// parsePart splits an entry name of the form "databases/NNN-<safe>/part-NNNNNN" into its folder
// (with the trailing slash), index and part number.
func parsePart(name string) (dir string, index, part int, ok bool) {
	if len(name) > maxEntryNameLen || !strings.HasPrefix(name, dbDir) {
		return "", 0, 0, false
	}
	slash := strings.LastIndexByte(name, '/')
	if slash <= len(dbDir) {
		return "", 0, 0, false
	}
	dir, file := name[:slash+1], name[slash+1:]
	seg := dir[len(dbDir) : len(dir)-1] // "NNN-<safe>"
	if len(seg) < 5 || seg[3] != '-' || len(seg)-4 > MaxSafeNameLen {
		return "", 0, 0, false
	}
	for i := 4; i < len(seg); i++ {
		if !isSafe(seg[i]) {
			return "", 0, 0, false
		}
	}
	index, ok = digits(seg[:3])
	if !ok || !strings.HasPrefix(file, partPrefix) || len(file) != len(partPrefix)+6 {
		return "", 0, 0, false
	}
	part, ok = digits(file[len(partPrefix):])
	return dir, index, part, ok
}

// digits parses a string of ASCII decimal digits.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, len(s) > 0
}

// checkText reports whether s can be stored: at most max bytes of valid UTF-8 without control
// characters, so that it survives JSON unchanged and the manifest stays within its size limit.
func checkText(what, s string, max int) error {
	if len(s) > max {
		return fmt.Errorf("%s is %d bytes, more than %d: %w", what, len(s), max, ErrLimit)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s %q is not valid UTF-8: %w", what, s, ErrLimit)
	}
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return fmt.Errorf("%s %q contains a control character: %w", what, s, ErrLimit)
	}
	return nil
}
