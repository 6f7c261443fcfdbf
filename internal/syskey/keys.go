package syskey

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/dbackup/dbackup/internal/vault"
)

// Keys is the keyring chosen at start-up and where it came from.
type Keys struct {
	// Keyring is nil when no key is configured and none was generated before.
	Keyring *vault.Keyring
	// Source says where the primary key came from, for logs and the status message.
	Source string
	// Generated is true when the key is DBackup's own DATA_DIR/encryption.key rather than one
	// the operator configured.
	Generated bool
	// Warnings do not stop start-up but must be logged.
	Warnings []string
}

// LoadKeys reads the configured keys (vault.LoadFromEnv). When none is configured it falls back
// to DATA_DIR/encryption.key, written by an earlier first start.
func LoadKeys(getenv func(string) string, dataDir string) (Keys, error) {
	res, err := vault.LoadFromEnv(getenv, nil)
	if err != nil {
		return Keys{}, err
	}
	if !res.Missing() {
		return Keys{Keyring: res.Keyring, Source: res.Source, Warnings: res.Warnings}, nil
	}
	path := filepath.Join(dataDir, vault.KeyFileName)
	k, tooOpen, err := vault.ReadKeyFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Keys{}, nil
	}
	if err != nil {
		return Keys{}, fmt.Errorf("%s: %w", path, err)
	}
	kr, err := vault.NewKeyring(k)
	if err != nil {
		return Keys{}, err
	}
	keys := Keys{Keyring: kr, Source: path, Generated: true}
	if tooOpen {
		keys.Warnings = append(keys.Warnings, path+" can be read by other users; chmod 600 it")
	}
	return keys, nil
}

// generate writes a new key into DATA_DIR/encryption.key for a first start without a key.
func generate(dataDir string) (Keys, error) {
	k, path, err := vault.GenerateKeyFile(dataDir)
	if err != nil {
		return Keys{}, fmt.Errorf("generate %s: %w", filepath.Join(dataDir, vault.KeyFileName), err)
	}
	kr, err := vault.NewKeyring(k)
	if err != nil {
		return Keys{}, err
	}
	return Keys{Keyring: kr, Source: path, Generated: true}, nil
}
