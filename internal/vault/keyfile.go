package vault

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// KeyFileName is the file GenerateKeyFile writes in the data folder.
const KeyFileName = "encryption.key"

// keyFileMode lets only the owner read the key file: anyone who can read it can open every
// secret in the database.
const keyFileMode = 0o600

// maxKeyFileSize bounds how much of a key file is read; a real one is a few hundred bytes at most,
// so a bigger file is a wrong path, and reading it whole would only waste memory.
const maxKeyFileSize = 64 << 10

// keyLine is a key read from a line of a key file (lines count from 1).
type keyLine struct {
	line int
	key  Key
}

// lineError is a problem on one line of a key file.
type lineError struct {
	line int
	err  error
}

func (e *lineError) Error() string { return fmt.Sprintf("line %d: %v", e.line, e.err) }
func (e *lineError) Unwrap() error { return e.err }

// parseKeyLines reads one key per line; blank lines and everything from a "#" to the end of its
// line are ignored ("#" is not a hex character, so it cannot cut a key short).
func parseKeyLines(data []byte) ([]keyLine, error) {
	var keys []keyLine
	for i, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "#")
		if strings.TrimSpace(line) == "" {
			continue
		}
		k, err := ParseKey(line)
		if err != nil {
			return nil, &lineError{line: i + 1, err: err}
		}
		keys = append(keys, keyLine{line: i + 1, key: k})
	}
	return keys, nil
}

// parseSingleKey reads a key file that must hold exactly one key.
func parseSingleKey(data []byte) (Key, error) {
	keys, err := parseKeyLines(data)
	switch {
	case err != nil:
		return Key{}, err
	case len(keys) == 0:
		return Key{}, &keyFormatError{"file holds no key"}
	case len(keys) > 1:
		return Key{}, &lineError{line: keys[1].line, err: &keyFormatError{"is a second key; the file must hold exactly one"}}
	}
	return keys[0].key, nil
}

// readLimited reads a key file from disk and reports whether group or others may read it.
func readLimited(path string) (data []byte, tooOpen bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, false, err
	}
	if !st.Mode().IsRegular() {
		return nil, false, fmt.Errorf("%s is not a regular file", path)
	}
	// Windows has no Unix permission bits; the mode there says nothing about who can read.
	tooOpen = runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0
	data, err = io.ReadAll(io.LimitReader(f, maxKeyFileSize+1))
	if err != nil {
		return nil, false, err
	}
	if len(data) > maxKeyFileSize {
		return nil, false, fmt.Errorf("%s is larger than %d bytes; a key file holds 64 hex characters", path, maxKeyFileSize)
	}
	return data, tooOpen, nil
}

// ReadKeyFile reads a file holding one key (64 hex characters; blank lines and "#" comments are
// allowed). tooOpen is true when group or others may read the file, so the caller can warn.
// Errors about the content match ErrInvalidKey and never contain the file's content.
func ReadKeyFile(path string) (k Key, tooOpen bool, err error) {
	data, tooOpen, err := readLimited(path)
	if err != nil {
		return Key{}, false, fmt.Errorf("read key file: %w", err)
	}
	k, err = parseSingleKey(data)
	if err != nil {
		return Key{}, false, fmt.Errorf("read key file %s: %w", path, err)
	}
	return k, tooOpen, nil
}

// GenerateKeyFile writes a new random key, as 64 hex characters and a newline, to
// dataDir/encryption.key with mode 0600, creating dataDir (mode 0700) if needed. The key is
// written to a temporary file in dataDir, synced, and then linked into place, so the key file
// either does not exist or is complete, and an existing key file is never replaced: that fails
// with an error matching fs.ErrExist.
func GenerateKeyFile(dataDir string) (Key, string, error) {
	k, err := GenerateKey()
	if err != nil {
		return Key{}, "", err
	}
	path, err := writeKeyFile(dataDir, k)
	if err != nil {
		return Key{}, "", err
	}
	return k, path, nil
}

func writeKeyFile(dataDir string, k Key) (path string, err error) {
	path = filepath.Join(dataDir, KeyFileName)
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return "", fmt.Errorf("write key file: %w", err)
	}
	tmp, err := os.CreateTemp(dataDir, "."+KeyFileName+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("write key file: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the link, this removes only the temporary name
	_, werr := tmp.WriteString(k.Reveal() + "\n")
	err = errors.Join(tmp.Chmod(keyFileMode), werr, tmp.Sync())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("write key file %s: %w", path, err)
	}
	if err := publish(tmp.Name(), path); err != nil {
		return "", fmt.Errorf("write key file: %w", err)
	}
	syncDir(dataDir)
	return path, nil
}

// publish gives the complete temporary file its final name without ever replacing a file. A hard
// link fails atomically when the name exists; on file systems without hard links it falls back
// to checking and renaming, which leaves a short race only there.
func publish(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil || errors.Is(err, os.ErrExist) {
		return err
	}
	if _, serr := os.Lstat(path); serr == nil {
		return &os.LinkError{Op: "link", Old: tmp, New: path, Err: os.ErrExist}
	}
	return os.Rename(tmp, path)
}

// syncDir makes the new directory entry durable; where directories cannot be synced the file
// contents were synced already and only the name could be lost in a crash.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
