package recoverykit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/dbackup/dbackup/internal/vault"
)

// Read limits: a real keys.json is a few hundred bytes per key and a key file 65 bytes, so
// anything much larger is not a kit and is refused before it is read into memory.
const (
	maxIndexSize   = 1 << 20
	maxKeyFileSize = 4 << 10
)

// LoadKit reads the Recovery Kit unzipped in dir: keys/keys.json and the key files it lists. It
// checks every key file against the key id keys.json records for it and refuses the kit
// (ErrKeyMismatch) when one differs. It is what the dbackup CLI's --kit flag uses.
func LoadKit(dir string) ([]Key, error) {
	idxFile := filepath.Join(dir, filepath.FromSlash(indexPath))
	raw, err := readLimited(idxFile, maxIndexSize)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: %s does not exist: pass the folder of an unzipped Recovery Kit (the one holding README.md and keys/)", ErrInvalidKit, idxFile)
		}
		return nil, fmt.Errorf("%w: %w", ErrInvalidKit, err)
	}
	var idx index
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&idx); err != nil {
		return nil, fmt.Errorf("%w: %s is not valid JSON (%v): unzip the kit again from its ZIP file", ErrInvalidKit, idxFile, err)
	}
	if idx.Version != indexVersion {
		return nil, fmt.Errorf("%w: %s has version %d, this build reads %d: use a dbackup that matches the kit", ErrInvalidKit, idxFile, idx.Version, indexVersion)
	}
	if len(idx.Keys) == 0 {
		return nil, fmt.Errorf("%w: %s lists no keys: unzip the kit again, or download a new one", ErrInvalidKit, idxFile)
	}
	keys := make([]Key, 0, len(idx.Keys))
	for i, e := range idx.Keys {
		k, err := loadEntry(dir, idxFile, i, e)
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, nil
}

func loadEntry(dir, idxFile string, i int, e indexEntry) (Key, error) {
	if !isKeyID(e.KeyID) {
		return Key{}, fmt.Errorf("%w: %s, key %d: kid %q is not 16 lower-case hex characters: unzip the kit again", ErrInvalidKit, idxFile, i+1, e.KeyID)
	}
	if e.File == "" || strings.Contains(e.File, `\`) || !filepath.IsLocal(filepath.FromSlash(e.File)) {
		return Key{}, fmt.Errorf("%w: %s, key %d: file %q must be a path inside the kit such as keys/name.key: unzip the kit again", ErrInvalidKit, idxFile, i+1, e.File)
	}
	file := filepath.Join(dir, filepath.FromSlash(e.File))
	raw, err := readLimited(file, maxKeyFileSize)
	if err != nil {
		return Key{}, fmt.Errorf("%w: key of profile %q listed in %s: %w: unzip the whole kit again", ErrInvalidKit, e.ProfileName, idxFile, err)
	}
	vk, err := vault.ParseKey(string(raw))
	if err != nil {
		return Key{}, fmt.Errorf("%w: key file %s: %v: it must hold the profile key as 64 hex characters; restore it from the kit's ZIP file", ErrInvalidKit, file, err)
	}
	if kid := vault.KeyID(vk); kid != e.KeyID {
		return Key{}, fmt.Errorf("%w: key file %s holds the key with key id %s, but %s says %s: the file was changed or swapped; restore it from the kit's ZIP file or remove its entry from keys.json",
			ErrKeyMismatch, file, kid, idxFile, e.KeyID)
	}
	return Key{ProfileID: e.ProfileID, ProfileName: e.ProfileName, Key: append([]byte(nil), vk[:]...)}, nil
}

// readLimited reads file, refusing one larger than max bytes.
func readLimited(file string, max int64) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s is larger than %d bytes, too large to be part of a recovery kit", file, max)
	}
	return b, nil
}

func isKeyID(s string) bool {
	if len(s) != vault.KeyIDLen {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
