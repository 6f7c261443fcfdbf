package notify

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/vault"
)

// Channel is one configured channel: its kind, its plain settings, and its secrets, already
// opened from the vault by the caller.
type Channel struct {
	Kind     Kind
	Name     string
	Settings map[string]string
	Secrets  map[string]vault.Secret
}

// FieldError is a channel setting that is missing or wrong. Field names the setting (or "kind"),
// so that the web interface can mark it; Msg says what is wrong and Hint how to fix it. Neither
// ever contains a secret's value.
type FieldError struct {
	Field string
	Msg   string
	Hint  string
}

func (e *FieldError) Error() string {
	if e.Hint == "" {
		return e.Field + ": " + e.Msg
	}
	return e.Field + ": " + e.Msg + "; " + e.Hint
}

// Unwrap presents the error as a connerr.Config error too, so that the API maps it to the same
// INVALID_CONFIG code as a bad storage or source setting.
func (e *FieldError) Unwrap() error {
	return connerr.New(connerr.Config, e.Field, errors.New(e.Msg), e.Hint)
}

func fieldError(field, hint, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...), Hint: hint}
}

// Validate checks c before anything is sent: a known kind, no unknown settings or secrets,
// secrets only in Secrets, required fields present, each value well formed, and the rules of
// the kind (such as ntfy's token excluding a password). The first problem is a *FieldError.
func Validate(c Channel) error {
	d, ok := lookup(c.Kind)
	if !ok {
		return fieldError("kind", "choose one of "+kindNames(), "unknown channel kind %q", c.Kind)
	}
	spec := d.spec
	for _, name := range slices.Sorted(maps.Keys(c.Settings)) {
		f, ok := spec.Field(name)
		switch {
		case !ok:
			return fieldError(name, "remove it; the known settings are "+fieldNames(spec),
				"unknown setting for %s", spec.Label)
		case f.Secret:
			return fieldError(name, "store it as a secret, not in the plain settings", "%s is a secret", f.Label)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(c.Secrets)) {
		if f, ok := spec.Field(name); !ok || !f.Secret {
			return fieldError(name, "remove it; the known settings are "+fieldNames(spec),
				"unknown secret for %s", spec.Label)
		}
	}
	for _, f := range spec.Fields {
		v := c.raw(f)
		if v == "" {
			if f.Required {
				return fieldError(f.Name, "enter the "+strings.ToLower(f.Label), "%s is required", f.Label)
			}
			continue
		}
		if err := f.check(v); err != nil {
			return err
		}
	}
	if d.check != nil {
		return d.check(c)
	}
	return nil
}

// check validates one non-empty value. Messages quote the value only for fields that are not
// secret.
func (f Field) check(v string) error {
	shown := strconv.Quote(v)
	if f.Secret {
		shown = "(hidden)"
	}
	switch f.Type {
	case FieldInt:
		if _, err := strconv.Atoi(v); err != nil {
			return fieldError(f.Name, "enter digits only", "%s %s is not a whole number", f.Label, shown)
		}
	case FieldBool:
		if _, err := strconv.ParseBool(v); err != nil {
			return fieldError(f.Name, `use "true" or "false"`, "%s %s is not true or false", f.Label, shown)
		}
	case FieldEnum:
		if !slices.Contains(f.Options, v) {
			return fieldError(f.Name, fmt.Sprintf("choose one of %q", f.Options), "%s %s is not allowed", f.Label, shown)
		}
	case FieldURL:
		// The URL is never quoted: a webhook URL carries its token in the path or query.
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fieldError(f.Name, "enter the full address, starting with https://", "%s is not an http(s) URL", f.Label)
		}
	}
	return nil
}

// raw returns the value of f as configured, without its default.
func (c Channel) raw(f Field) string {
	if f.Secret {
		return c.Secrets[f.Name].Reveal()
	}
	return c.Settings[f.Name]
}

// value returns the value of the field called name of spec, or its default when empty.
func (c Channel) value(spec Spec, name string) string {
	f, ok := spec.Field(name)
	if !ok {
		panic("notify: " + string(spec.Kind) + " has no field " + name)
	}
	if v := c.raw(f); v != "" {
		return v
	}
	return f.Default
}

// secretValues returns every non-empty secret of c, for redaction.
func (c Channel) secretValues() []string {
	var out []string
	for _, s := range c.Secrets {
		if v := s.Reveal(); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func fieldNames(s Spec) string {
	names := make([]string, len(s.Fields))
	for i, f := range s.Fields {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}

func kindNames() string {
	names := make([]string, len(kinds))
	for i, d := range kinds {
		names[i] = string(d.spec.Kind)
	}
	return strings.Join(names, ", ")
}
