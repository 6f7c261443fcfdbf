package source

import (
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dbackup/dbackup/internal/connerr"
)

// maxPort is the largest TCP port.
const maxPort = 65535

// ConfigError is a connerr.Config error about field: Op is the field's name and hint says how
// to fix it. Callers never put a secret into format or args.
func ConfigError(field, hint, format string, args ...any) *connerr.Error {
	return connerr.Newf(connerr.Config, field, hint, format, args...)
}

// value returns the setting named name as text; for a secret only "set" or "", so that no
// secret's value can reach an error message.
func (c Config) value(name string) string {
	switch name {
	case FieldHost:
		return c.Host
	case FieldPort:
		if c.Port == 0 {
			return ""
		}
		return strconv.Itoa(c.Port)
	case FieldUsername:
		return c.Username
	case FieldPassword:
		if c.Password.IsEmpty() {
			return ""
		}
		return "set"
	case FieldDatabase:
		return c.Database
	case FieldTLSMode:
		return c.TLSMode
	case FieldTLSCACert:
		return c.TLSCACert
	case FieldTLSClientCert:
		return c.TLSClientCert
	case FieldTLSClientKey:
		if c.TLSClientKey.IsEmpty() {
			return ""
		}
		return "set"
	}
	return c.Options[name]
}

// configFields are the names of Config's own fields, in form order.
var configFields = []string{FieldHost, FieldPort, FieldUsername, FieldPassword, FieldDatabase,
	FieldTLSMode, FieldTLSCACert, FieldTLSClientCert, FieldTLSClientKey}

// Validate checks cfg against e.Fields before anything connects: the engine name, required
// fields, the type of every value, and that nothing is set that the engine does not use. A
// TLS mode of disable or prefer is accepted by engines without TLS fields, since both allow a
// plain connection and prefer is what new sources start with. Failures are connerr.Config
// errors whose Op names the field.
func (e Engine) Validate(cfg Config) error {
	if cfg.Engine != "" && cfg.Engine != e.Name {
		return ConfigError("engine", "open the source with the adapter of its engine",
			"engine %q is not %s", cfg.Engine, e.Name)
	}
	for _, name := range configFields {
		if _, ok := e.Field(name); ok || cfg.value(name) == "" {
			continue
		}
		if name == FieldTLSMode && (cfg.TLSMode == TLSDisable || cfg.TLSMode == TLSPrefer) {
			continue
		}
		return ConfigError(name, "clear it", "%s does not use %s", e.Label, name)
	}
	keys := make([]string, 0, len(cfg.Options))
	for k := range cfg.Options {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, ok := e.Field(k); !ok || slices.Contains(configFields, k) {
			return ConfigError(k, "remove it; "+e.Label+" accepts "+e.optionNames(),
				"unknown option %q", k)
		}
	}
	for _, f := range e.Fields {
		if err := f.check(cfg.value(f.Name)); err != nil {
			return err
		}
	}
	return nil
}

func (e Engine) optionNames() string {
	var names []string
	for _, f := range e.Fields {
		if !slices.Contains(configFields, f.Name) {
			names = append(names, f.Name)
		}
	}
	if len(names) == 0 {
		return "no options"
	}
	return strings.Join(names, ", ")
}

// check validates one value of f; v of a secret is only "" or "set".
func (f FieldSpec) check(v string) error {
	if v == "" {
		if f.Required {
			return ConfigError(f.Name, "enter the "+strings.ToLower(f.Label), "%s is required", f.Name)
		}
		return nil
	}
	switch f.Type {
	case FieldInt:
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return ConfigError(f.Name, "enter a whole number of 0 or more", "%s %q is not a number", f.Name, v)
		}
		if f.Name == FieldPort && n > maxPort {
			return ConfigError(f.Name, "enter a port from 1 to 65535", "port %d is out of range", n)
		}
	case FieldBool:
		if _, err := strconv.ParseBool(v); err != nil {
			return ConfigError(f.Name, "use true or false", "%s %q is not true or false", f.Name, v)
		}
	case FieldEnum:
		if !slices.Contains(f.Options, v) {
			return ConfigError(f.Name, "use one of "+strings.Join(f.Options, ", "), "%s %q is not allowed", f.Name, v)
		}
	case FieldPath:
		if !filepath.IsAbs(v) {
			return ConfigError(f.Name, "enter the absolute path of the file on the DBackup host",
				"%s %q is not an absolute path", f.Name, v)
		}
	}
	return nil
}

// PortOr returns the configured port, or def when none is set.
func (c Config) PortOr(def int) int {
	if c.Port == 0 {
		return def
	}
	return c.Port
}

// ConnectTimeout returns OptionConnectTimeout, DefaultConnectTimeout seconds when unset or 0.
// Engine.Validate has checked that it is a number.
func (c Config) ConnectTimeout() time.Duration {
	n, err := strconv.Atoi(c.Options[OptionConnectTimeout])
	if err != nil || n <= 0 {
		n = DefaultConnectTimeout
	}
	return time.Duration(n) * time.Second
}
