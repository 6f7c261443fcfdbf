package storage

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidKey reports a key that no storage accepts: empty, absolute, with empty, "." or ".."
// segments, or with a NUL byte. Such keys could escape a storage's root or mean different objects
// on different backends, so every implementation rejects them before touching the destination.
var ErrInvalidKey = errors.New("invalid key")

// CheckKey returns an error wrapping ErrInvalidKey and naming key when key is not a clean,
// relative, "/"-separated name.
func CheckKey(key string) error {
	if why := keyProblem(key); why != "" {
		return fmt.Errorf("%w %q: %s", ErrInvalidKey, key, why)
	}
	return nil
}

// CheckPrefix is CheckKey for List prefixes: the empty prefix (everything) and a trailing "/"
// are allowed.
func CheckPrefix(prefix string) error {
	if prefix == "" {
		return nil
	}
	if why := keyProblem(strings.TrimSuffix(prefix, "/")); why != "" {
		return fmt.Errorf("%w: prefix %q: %s", ErrInvalidKey, prefix, why)
	}
	return nil
}

func keyProblem(key string) string {
	switch {
	case key == "":
		return "empty"
	case strings.HasPrefix(key, "/"):
		return "absolute (starts with /)"
	case strings.ContainsRune(key, 0):
		return "contains a NUL byte"
	}
	for _, seg := range strings.Split(key, "/") {
		switch seg {
		case "":
			return "has an empty path segment"
		case ".", "..":
			return "has a . or .. path segment"
		}
	}
	return ""
}
