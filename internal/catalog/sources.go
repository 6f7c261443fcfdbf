package catalog

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/dbackup/dbackup/ent"
	entjob "github.com/dbackup/dbackup/ent/job"
	entsource "github.com/dbackup/dbackup/ent/source"
	"github.com/dbackup/dbackup/internal/audit"
	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/source/engines"
	"github.com/dbackup/dbackup/internal/viewer"
)

// Audit actions of sources.
const (
	ActionSourceCreate = "source.create"
	ActionSourceUpdate = "source.update"
	ActionSourceDelete = "source.delete"
)

// sourceColumns are the settings stored in a column of their own; every other setting is an
// entry of the options column.
var sourceColumns = []string{source.FieldHost, source.FieldPort, source.FieldUsername, source.FieldDatabase,
	source.FieldTLSMode, source.FieldTLSCACert, source.FieldTLSClientCert}

// SourceInput is a new source, or changes to one: Name nil and Settings nil keep what is stored
// on update, and a setting given with an empty value clears it.
type SourceInput struct {
	Name     *string
	Engine   string // new sources only
	Settings map[string]string
	Secrets  SecretChanges
}

// SourceSettings returns the non-secret settings of a source by field name.
func SourceSettings(s *ent.Source) map[string]string {
	out := maps.Clone(s.Options)
	if out == nil {
		out = map[string]string{}
	}
	put := func(k, v string) {
		if v != "" {
			out[k] = v
		}
	}
	put(source.FieldHost, s.Host)
	if s.Port != 0 {
		out[source.FieldPort] = strconv.Itoa(s.Port)
	}
	put(source.FieldUsername, s.Username)
	put(source.FieldDatabase, s.Database)
	put(source.FieldTLSMode, string(s.TLSMode))
	put(source.FieldTLSCACert, s.TLSCaCert)
	put(source.FieldTLSClientCert, s.TLSClientCert)
	// The tls_mode column always holds a value; engines without TLS (SQLite) have no such
	// setting, and stray values of a field the engine lacks are not shown either.
	if e, ok := engines.Lookup(string(s.Engine)); ok {
		for k := range out {
			if _, known := e.Engine.Field(k); !known {
				delete(out, k)
			}
		}
	}
	return out
}

// tlsModeOf is the TLS mode to store: the one given, else the engine's default, else disable
// for engines without TLS.
func tlsModeOf(engine, given string) string {
	if given != "" {
		return given
	}
	if e, ok := engines.Lookup(engine); ok {
		if f, ok := e.Engine.Field(source.FieldTLSMode); ok && f.Default != "" {
			return f.Default
		}
	}
	return source.TLSDisable
}

// sourceConfig assembles what an engine opens from settings and secrets.
func sourceConfig(engine string, settings map[string]string, secrets map[string]vaultSecret) (source.Config, error) {
	cfg := source.Config{Engine: engine, Options: map[string]string{}}
	for k, v := range settings {
		switch k {
		case source.FieldHost:
			cfg.Host = v
		case source.FieldPort:
			if v == "" {
				continue
			}
			p, err := strconv.Atoi(v)
			if err != nil || p < 0 || p > 65535 {
				return cfg, fieldError(source.FieldPort, "port %q is not a number from 1 to 65535", v)
			}
			cfg.Port = p
		case source.FieldUsername:
			cfg.Username = v
		case source.FieldDatabase:
			cfg.Database = v
		case source.FieldTLSMode:
			cfg.TLSMode = v
		case source.FieldTLSCACert:
			cfg.TLSCACert = v
		case source.FieldTLSClientCert:
			cfg.TLSClientCert = v
		default:
			if v != "" {
				cfg.Options[k] = v
			}
		}
	}
	cfg.Password = secrets[source.FieldPassword]
	cfg.TLSClientKey = secrets[source.FieldTLSClientKey]
	return cfg, nil
}

// validateSource checks a source's merged settings and secrets against its engine.
func validateSource(engine string, settings map[string]string, secrets map[string]vaultSecret) (engines.Entry, source.Config, error) {
	e, ok := engines.Lookup(engine)
	if !ok {
		return e, source.Config{}, fieldError("engine", "the %s engine is not available in this version", engine)
	}
	for k := range settings {
		f, ok := e.Engine.Field(k)
		if !ok || f.Type == source.FieldSecret {
			return e, source.Config{}, fieldError(k, "%s has no setting %q", e.Engine.Label, k)
		}
	}
	cfg, err := sourceConfig(engine, settings, secrets)
	if err != nil {
		return e, cfg, err
	}
	if err := e.Engine.Validate(cfg); err != nil {
		return e, cfg, configField(err)
	}
	return e, cfg, nil
}

// configField turns a connerr.Config validation error into a FieldError naming its field.
func configField(err error) error {
	var ce *connerr.Error
	if errors.As(err, &ce) && ce.Kind == connerr.Config {
		return &FieldError{Field: ce.Op, Msg: ce.Error()}
	}
	return err
}

// secretNames lists the secret fields of an engine.
func secretNames(e source.Engine) []string {
	var out []string
	for _, f := range e.Fields {
		if f.Type == source.FieldSecret {
			out = append(out, f.Name)
		}
	}
	return out
}

// CreateSource saves a new source after validating it against its engine.
func (s *Service) CreateSource(ctx context.Context, in SourceInput) (*ent.Source, error) {
	name := strings.TrimSpace(deref(in.Name))
	if name == "" {
		return nil, fieldError("name", "give the source a name")
	}
	e, _, err := validateSource(in.Engine, in.Settings, in.Secrets.present())
	if err != nil {
		return nil, err
	}
	if err := in.Secrets.check(secretNames(e.Engine)); err != nil {
		return nil, err
	}
	var out *ent.Source
	err = s.withTx(ctx, func(tx *ent.Tx) error {
		c := tx.Source.Create().SetName(name).SetEngine(entsource.Engine(in.Engine))
		if err := writeSourceSettings(c.Mutation(), in.Engine, in.Settings); err != nil {
			return err
		}
		if err := in.Secrets.apply(c.Mutation()); err != nil {
			return err
		}
		out, err = c.Save(ctx)
		if err != nil {
			return constraint(err, "source", name)
		}
		return s.audit(ctx, tx.Client(), audit.Entry{
			Action: ActionSourceCreate, EntityType: "Source", EntityID: string(out.ID),
			Fields: changedFields(in.Settings, in.Secrets), Details: map[string]any{"name": name, "engine": in.Engine},
		})
	})
	return out, err
}

// UpdateSource changes a source. Secrets left out keep their stored value, so a form can be
// saved without typing the password again.
func (s *Service) UpdateSource(ctx context.Context, id pulid.ID, in SourceInput) (*ent.Source, error) {
	var out *ent.Source
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		old, err := tx.Source.Get(viewer.Privileged(ctx), id)
		switch {
		case ent.IsNotFound(err):
			return notFound("source", id)
		case err != nil:
			return fmt.Errorf("load source %s: %w", id, err)
		}
		settings := SourceSettings(old)
		maps.Copy(settings, in.Settings)
		secrets, err := in.Secrets.merged(s.kr, entsource.Table, id, old.SealedSecrets(), false)
		if err != nil {
			return err
		}
		e, _, err := validateSource(string(old.Engine), settings, secrets)
		if err != nil {
			return err
		}
		if err := in.Secrets.check(secretNames(e.Engine)); err != nil {
			return err
		}
		u := tx.Source.UpdateOne(old)
		name := old.Name
		if in.Name != nil {
			if name = strings.TrimSpace(*in.Name); name == "" {
				return fieldError("name", "give the source a name")
			}
			u.SetName(name)
		}
		if err := writeSourceSettings(u.Mutation(), string(old.Engine), settings); err != nil {
			return err
		}
		if err := in.Secrets.apply(u.Mutation()); err != nil {
			return err
		}
		if out, err = u.Save(ctx); err != nil {
			return constraint(err, "source", name)
		}
		fields := changedFields(in.Settings, in.Secrets)
		if in.Name != nil && name != old.Name {
			fields = append([]string{"name"}, fields...)
		}
		return s.audit(ctx, tx.Client(), audit.Entry{
			Action: ActionSourceUpdate, EntityType: "Source", EntityID: string(id), Fields: fields,
			Details: map[string]any{"name": name},
		})
	})
	return out, err
}

// DeleteSource deletes a source that no job uses; otherwise *InUseError names the jobs.
func (s *Service) DeleteSource(ctx context.Context, id pulid.ID) error {
	return s.withTx(ctx, func(tx *ent.Tx) error {
		old, err := tx.Source.Get(viewer.Privileged(ctx), id)
		switch {
		case ent.IsNotFound(err):
			return notFound("source", id)
		case err != nil:
			return fmt.Errorf("load source %s: %w", id, err)
		}
		users, err := tx.Job.Query().Where(entjob.HasSourceWith(entsource.ID(id))).Select(entjob.FieldName).Strings(viewer.Privileged(ctx))
		if err != nil {
			return fmt.Errorf("jobs using source %s: %w", id, err)
		}
		if len(users) > 0 {
			slices.Sort(users)
			return &InUseError{What: fmt.Sprintf("source %q", old.Name), Users: users}
		}
		if err := tx.Source.DeleteOne(old).Exec(ctx); err != nil {
			return fmt.Errorf("delete source %q: %w", old.Name, err)
		}
		return s.audit(ctx, tx.Client(), audit.Entry{
			Action: ActionSourceDelete, EntityType: "Source", EntityID: string(id), Details: map[string]any{"name": old.Name},
		})
	})
}

// writeSourceSettings sets every column setting (clearing empty ones) and the options column.
func writeSourceSettings(m setter, engine string, settings map[string]string) error {
	opts := map[string]string{}
	for k, v := range settings {
		if !slices.Contains(sourceColumns, k) && v != "" {
			opts[k] = v
		}
	}
	if err := m.SetField(entsource.FieldOptions, opts); err != nil {
		return err
	}
	for _, col := range sourceColumns {
		v := settings[col]
		var err error
		switch {
		case col == source.FieldTLSMode:
			err = m.SetField(col, entsource.TLSMode(tlsModeOf(engine, v)))
		case v == "":
			err = m.ClearField(col)
		case col == source.FieldPort:
			p, _ := strconv.Atoi(v) // validated
			err = m.SetField(col, p)
		default:
			err = m.SetField(col, v)
		}
		if err != nil {
			return fmt.Errorf("set %s: %w", col, err)
		}
	}
	return nil
}

// changedFields names the settings and secrets an input touches, for the audit log.
func changedFields(settings map[string]string, secrets SecretChanges) []string {
	out := slices.Sorted(maps.Keys(settings))
	return append(out, slices.Sorted(maps.Keys(secrets))...)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// SourceSecretFields names the secrets the engine's form has; nil for an unknown engine.
func SourceSecretFields(engine string) []string {
	e, ok := engines.Lookup(engine)
	if !ok {
		return nil
	}
	return append([]string{}, secretNames(e.Engine)...)
}
