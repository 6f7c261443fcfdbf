package vault

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"unicode"
)

// The environment variables LoadFromEnv reads.
const (
	EnvKey          = "ENCRYPTION_KEY"
	EnvKeyFile      = "ENCRYPTION_KEY_FILE"
	EnvPrevious     = "ENCRYPTION_KEY_PREVIOUS"
	EnvPreviousFile = "ENCRYPTION_KEY_PREVIOUS_FILE"
)

// GenerateHint ends every key configuration error, so the fix is in the message.
const GenerateHint = "generate a key with: openssl rand -hex 32"

// LoadResult is what LoadFromEnv found.
type LoadResult struct {
	// Keyring holds the configured keys; it is nil when no key is configured.
	Keyring *Keyring
	// Source names where the primary key came from: "ENCRYPTION_KEY" or
	// "ENCRYPTION_KEY_FILE (<path>)".
	Source string
	// Warnings are problems that do not stop start-up, such as a key file others can read.
	Warnings []string
}

// Missing reports that no key is configured. It is not an error: a first start may generate a
// key, while a start with an existing database must refuse.
func (r LoadResult) Missing() bool { return r.Keyring == nil }

// envError is a one-line key configuration error that names the variable and ends with
// GenerateHint. It unwraps to the cause (such as ErrInvalidKey or fs.ErrNotExist).
type envError struct {
	msg string
	err error
}

func (e *envError) Error() string { return e.msg }
func (e *envError) Unwrap() error { return e.err }

// oneLine keeps file names and system errors from breaking the one-line message.
var oneLine = strings.NewReplacer("\r", " ", "\n", " ")

func envErr(variable, where string, err error) error {
	detail := err.Error()
	var kf *keyFormatError
	if errors.As(err, &kf) {
		detail = kf.problem // without the "invalid key: " prefix, which the variable name replaces
	}
	var le *lineError
	if errors.As(err, &le) {
		where = strings.TrimSpace(where + fmt.Sprintf(" line %d", le.line))
	}
	if where != "" {
		detail = where + ": " + detail
	}
	return &envError{msg: oneLine.Replace(variable + ": " + detail + "; " + GenerateHint), err: err}
}

// LoadFromEnv loads the keyring from ENCRYPTION_KEY or ENCRYPTION_KEY_FILE (not both) plus
// ENCRYPTION_KEY_PREVIOUS (keys separated by commas or white space) and/or
// ENCRYPTION_KEY_PREVIOUS_FILE (one key per line, blank lines and "#" comments allowed). Every
// error is one line that names the variable (and file line) and ends with GenerateHint; none
// contains a key. A nil getenv means os.Getenv; a nil readFile means reading from disk, which
// also warns about key files that group or others can read.
func LoadFromEnv(getenv func(string) string, readFile func(string) ([]byte, error)) (LoadResult, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	var res LoadResult
	read := func(variable, path string) ([]byte, error) {
		if readFile != nil {
			return readFile(path)
		}
		data, tooOpen, err := readLimited(path)
		if tooOpen {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s: %s can be read by group or others; run: chmod 600 %s", variable, path, path))
		}
		return data, err
	}

	keyVal, keyFile := getenv(EnvKey), getenv(EnvKeyFile)
	prevVal, prevFile := getenv(EnvPrevious), getenv(EnvPreviousFile)
	var primary Key
	primaryVar := EnvKey
	switch {
	case keyVal != "" && keyFile != "":
		return LoadResult{}, envErr(EnvKey, "", fmt.Errorf("both %s and %s are set; set only one", EnvKey, EnvKeyFile))
	case keyVal != "":
		k, err := ParseKey(keyVal)
		if err != nil {
			return LoadResult{}, envErr(EnvKey, "", err)
		}
		primary, res.Source = k, EnvKey
	case keyFile != "":
		data, err := read(EnvKeyFile, keyFile)
		if err != nil {
			return LoadResult{}, envErr(EnvKeyFile, "", err)
		}
		k, err := parseSingleKey(data)
		if err != nil {
			return LoadResult{}, envErr(EnvKeyFile, keyFile, err)
		}
		primary, primaryVar, res.Source = k, EnvKeyFile, EnvKeyFile+" ("+keyFile+")"
	default:
		if prevVal != "" || prevFile != "" {
			return LoadResult{}, envErr(EnvPrevious, "", fmt.Errorf("previous keys are set but %s and %s are not; set the current key too", EnvKey, EnvKeyFile))
		}
		return LoadResult{}, nil
	}

	seen := map[Key]string{primary: primaryVar}
	var previous []Key
	// add appends a previous key; label names it in messages ("key 2", "<file> line 3").
	add := func(variable, label string, k Key) error {
		if first, dup := seen[k]; dup {
			return envErr(variable, label, fmt.Errorf("is the same key as %s (key id %s); list each key once", first, KeyID(k)))
		}
		seen[k] = variable + " " + label
		previous = append(previous, k)
		return nil
	}
	if prevVal != "" {
		fields := strings.FieldsFunc(prevVal, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
		for i, f := range fields {
			label := fmt.Sprintf("key %d", i+1)
			k, err := ParseKey(f)
			if err != nil {
				return LoadResult{}, envErr(EnvPrevious, label, err)
			}
			if err := add(EnvPrevious, label, k); err != nil {
				return LoadResult{}, err
			}
		}
	}
	if prevFile != "" {
		data, err := read(EnvPreviousFile, prevFile)
		if err != nil {
			return LoadResult{}, envErr(EnvPreviousFile, "", err)
		}
		lines, err := parseKeyLines(data)
		if err != nil {
			return LoadResult{}, envErr(EnvPreviousFile, prevFile, err)
		}
		for _, l := range lines {
			if err := add(EnvPreviousFile, fmt.Sprintf("%s line %d", prevFile, l.line), l.key); err != nil {
				return LoadResult{}, err
			}
		}
	}

	kr, err := NewKeyring(primary, previous...)
	if err != nil {
		return LoadResult{}, envErr(EnvKey, "", err)
	}
	res.Keyring = kr
	return res, nil
}
