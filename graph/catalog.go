package graph

import (
	"maps"
	"slices"
	"strings"
	"time"

	entjob "github.com/dbackup/dbackup/ent/job"
	"github.com/dbackup/dbackup/graph/model"
	"github.com/dbackup/dbackup/internal/catalog"
	"github.com/dbackup/dbackup/internal/source"
	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/vault"
)

// settingsMap turns setting inputs into a map by field name; nil stays nil (keep all).
func settingsMap(in []model.SettingInput) map[string]string {
	if in == nil {
		return nil
	}
	out := make(map[string]string, len(in))
	for _, s := range in {
		out[s.Name] = s.Value
	}
	return out
}

// secretChanges turns secret inputs into changes; values go straight into vault.Secret so they
// cannot be printed on the way.
func secretChanges(in []model.SecretInput) catalog.SecretChanges {
	out := make(catalog.SecretChanges, len(in))
	for _, s := range in {
		out[s.Name] = vault.NewSecret(s.Value)
	}
	return out
}

// settingValues lists settings sorted by name.
func settingValues(m map[string]string) []model.SettingValue {
	out := make([]model.SettingValue, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, model.SettingValue{Name: k, Value: m[k]})
	}
	return out
}

func fieldSpec(name, label, help, typ string, required bool, def string, options []string) model.FieldSpec {
	f := model.FieldSpec{Name: name, Label: label, Help: help, Type: model.FieldType(strings.ToUpper(typ)),
		Required: required, Options: options}
	if f.Options == nil {
		f.Options = []string{}
	}
	if def != "" {
		f.Default = &def
	}
	return f
}

func sourceFieldSpecs(fs []source.FieldSpec) []model.FieldSpec {
	out := make([]model.FieldSpec, len(fs))
	for i, f := range fs {
		out[i] = fieldSpec(f.Name, f.Label, f.Help, string(f.Type), f.Required, f.Default, f.Options)
	}
	return out
}

func storageFieldSpecs(fs []storage.FieldSpec) []model.FieldSpec {
	out := make([]model.FieldSpec, len(fs))
	for i, f := range fs {
		out[i] = fieldSpec(f.Name, f.Label, f.Help, string(f.Type), f.Required, f.Default, f.Options)
	}
	return out
}

func testError(e *catalog.TestError) *model.TestError {
	if e == nil {
		return nil
	}
	out := &model.TestError{Code: e.Code, Message: e.Message}
	if e.Field != "" {
		out.Field = &e.Field
	}
	return out
}

func millis(d time.Duration) *float64 {
	ms := float64(d.Microseconds()) / 1000
	return &ms
}

func retentionInput(r *model.RetentionInput) catalog.Retention {
	if r == nil {
		return catalog.Retention{}
	}
	return catalog.Retention{KeepLast: r.KeepLast, KeepDays: r.KeepDays, KeepDaily: r.KeepDaily, KeepWeekly: r.KeepWeekly,
		KeepMonthly: r.KeepMonthly, KeepYearly: r.KeepYearly}
}

func targetsInput(in []model.JobTargetInput) *[]catalog.Target {
	if in == nil {
		return nil
	}
	out := make([]catalog.Target, len(in))
	for i, t := range in {
		out[i] = catalog.Target{DestinationID: t.DestinationID, Retention: retentionInput(t.Retention)}
	}
	return &out
}

// catchUp passes an optional catch-up policy on as the catalog's string.
func catchUp(c *entjob.CatchUp) *string {
	if c == nil {
		return nil
	}
	s := string(*c)
	return &s
}
