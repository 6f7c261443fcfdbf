package storage

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/vault"
)

// FieldType tells the web interface which input to draw for a setting, and Kind.Check how to
// validate it.
type FieldType string

// The field types.
const (
	FieldString FieldType = "string" // one line of text
	FieldInt    FieldType = "int"    // a base-10 integer
	FieldBool   FieldType = "bool"   // "true" or "false"
	FieldSecret FieldType = "secret" // stored in the vault, passed in secrets, never shown back
	FieldEnum   FieldType = "enum"   // one of Options
	FieldText   FieldType = "text"   // several lines, such as a PEM key
)

// FieldSpec describes one setting of a storage kind.
type FieldSpec struct {
	// Name is the snake_case key in the settings (or, for FieldSecret, the secrets) map.
	Name  string
	Label string
	Help  string
	Type  FieldType
	// Required fields must be non-empty; optional ones fall back to Default.
	Required bool
	Default  string
	// Options lists the allowed values of a FieldEnum.
	Options []string
}

// Kind describes one kind of storage (local folder, S3, SFTP, …) so that the web interface can
// draw its form and the server can validate it before opening it.
type Kind struct {
	// Name is the stable identifier stored with each destination, such as "s3".
	Name   string
	Label  string
	Fields []FieldSpec
}

// OpenFunc opens a storage of one kind from its settings and secrets. It validates them first
// and reports a bad setting as a connerr.Config error whose Op is the field's Name.
type OpenFunc func(ctx context.Context, settings map[string]string, secrets map[string]vault.Secret) (Storage, error)

// Field returns the field called name.
func (k Kind) Field(name string) (FieldSpec, bool) {
	i := slices.IndexFunc(k.Fields, func(f FieldSpec) bool { return f.Name == name })
	if i < 0 {
		return FieldSpec{}, false
	}
	return k.Fields[i], true
}

// Check validates settings and secrets against the fields: no unknown names, secrets only in
// secrets, required fields present, and ints, bools and enums well formed. The first problem is
// returned as a connerr.Config error whose Op is the field's name and whose Hint says the fix.
func (k Kind) Check(settings map[string]string, secrets map[string]vault.Secret) error {
	for _, name := range sortedKeys(settings) {
		f, ok := k.Field(name)
		switch {
		case !ok:
			return configError(name, fmt.Errorf("unknown setting for %s storage", k.Label),
				"remove it; the known settings are "+k.fieldNames())
		case f.Type == FieldSecret:
			return configError(name, fmt.Errorf("%s is a secret", f.Label), "store it in the vault, not in the plain settings")
		}
	}
	for _, name := range sortedKeys(secrets) {
		if f, ok := k.Field(name); !ok || f.Type != FieldSecret {
			return configError(name, fmt.Errorf("unknown secret for %s storage", k.Label),
				"remove it; the known settings are "+k.fieldNames())
		}
	}
	for _, f := range k.Fields {
		var v string
		if f.Type == FieldSecret {
			v = secrets[f.Name].Reveal()
		} else {
			v = settings[f.Name]
		}
		if v == "" {
			if f.Required {
				return configError(f.Name, fmt.Errorf("%s is required", f.Label), "set "+f.Label)
			}
			continue
		}
		if err := f.checkValue(v); err != nil {
			return err
		}
	}
	return nil
}

// Value returns the setting called name, or the field's Default when it is empty.
func (k Kind) Value(settings map[string]string, name string) string {
	if v := settings[name]; v != "" {
		return v
	}
	f, _ := k.Field(name)
	return f.Default
}

func (f FieldSpec) checkValue(v string) error {
	switch f.Type {
	case FieldInt:
		if _, err := strconv.Atoi(v); err != nil {
			return configError(f.Name, fmt.Errorf("%s %q is not a whole number", f.Label, v), "enter digits only, such as 22")
		}
	case FieldBool:
		if _, err := strconv.ParseBool(v); err != nil {
			return configError(f.Name, fmt.Errorf("%s %q is not true or false", f.Label, v), `use "true" or "false"`)
		}
	case FieldEnum:
		if !slices.Contains(f.Options, v) {
			return configError(f.Name, fmt.Errorf("%s %q is not allowed", f.Label, v), fmt.Sprintf("choose one of %q", f.Options))
		}
	}
	return nil
}

func (k Kind) fieldNames() string {
	names := make([]string, len(k.Fields))
	for i, f := range k.Fields {
		names[i] = f.Name
	}
	return fmt.Sprint(names)
}

// configError is the error of a bad setting: Op is the field name, so the web interface can mark
// the field, and hint says how to fix it.
func configError(field string, err error, hint string) error {
	return connerr.New(connerr.Config, field, err, hint)
}

// ConfigError returns the connerr.Config error of a bad setting, for adapters validating what
// Check cannot: Op is field, the cause is formatted, hint says the fix.
func ConfigError(field, hint, format string, args ...any) error {
	return connerr.Newf(connerr.Config, field, hint, format, args...)
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
