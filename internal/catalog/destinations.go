package catalog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dbackup/dbackup/ent"
	entdest "github.com/dbackup/dbackup/ent/destination"
	entjob "github.com/dbackup/dbackup/ent/job"
	"github.com/dbackup/dbackup/ent/jobtarget"
	"github.com/dbackup/dbackup/internal/audit"
	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/storage/kinds"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// Audit actions of destinations.
const (
	ActionDestinationCreate = "destination.create"
	ActionDestinationUpdate = "destination.update"
	ActionDestinationDelete = "destination.delete"
	ActionHostKeyTrusted    = "destination.hostKeyTrusted"
	settingHostKey          = "host_key_fingerprint"
	settingTrustOnFirstUse  = "trust_on_first_use"
)

// DestinationInput is a new destination, or changes to one, with the rules of SourceInput.
type DestinationInput struct {
	Name     *string
	Kind     string // new destinations only
	Settings map[string]string
	Secrets  SecretChanges
}

// DestinationSettings returns the non-secret settings of a destination by field name.
func DestinationSettings(d *ent.Destination) map[string]string { return settingStrings(d.Settings) }

// settingStrings turns stored JSON settings into strings by field name.
func settingStrings(settings map[string]any) map[string]string {
	out := map[string]string{}
	for k, v := range settings {
		switch v := v.(type) {
		case string:
			out[k] = v
		case bool:
			out[k] = strconv.FormatBool(v)
		case float64:
			out[k] = strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	return out
}

// validateDestination checks merged settings and secrets against the kind.
func validateDestination(kind string, settings map[string]string, secrets map[string]vault.Secret) (kinds.Entry, error) {
	e, ok := kinds.Lookup(kind)
	if !ok {
		return e, fieldError("kind", "%s destinations are not available in this version", kind)
	}
	clean := map[string]string{}
	for k, v := range settings {
		if v != "" {
			clean[k] = v
		}
	}
	if err := e.Kind.Check(clean, secrets); err != nil {
		return e, configField(err)
	}
	return e, nil
}

func storedSettings(settings map[string]string) map[string]any {
	out := map[string]any{}
	for k, v := range settings {
		if v != "" {
			out[k] = v
		}
	}
	return out
}

// CreateDestination saves a new destination after validating it against its kind.
func (s *Service) CreateDestination(ctx context.Context, in DestinationInput) (*ent.Destination, error) {
	name := strings.TrimSpace(deref(in.Name))
	if name == "" {
		return nil, fieldError("name", "give the destination a name")
	}
	if _, err := validateDestination(in.Kind, in.Settings, in.Secrets.present()); err != nil {
		return nil, err
	}
	var out *ent.Destination
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		c := tx.Destination.Create().SetName(name).SetKind(entdest.Kind(in.Kind)).SetSettings(storedSettings(in.Settings)).
			SetAccessKeyID(in.Settings[s3AccessKeyID])
		if err := in.Secrets.apply(c.Mutation()); err != nil {
			return err
		}
		var err error
		if out, err = c.Save(ctx); err != nil {
			return constraint(err, "destination", name)
		}
		return s.audit(ctx, tx.Client(), audit.Entry{
			Action: ActionDestinationCreate, EntityType: "Destination", EntityID: string(out.ID),
			Fields: changedFields(in.Settings, in.Secrets), Details: map[string]any{"name": name, "kind": in.Kind},
		})
	})
	return out, err
}

// UpdateDestination changes a destination; secrets left out keep their stored value.
func (s *Service) UpdateDestination(ctx context.Context, id pulid.ID, in DestinationInput) (*ent.Destination, error) {
	var out *ent.Destination
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		old, err := tx.Destination.Get(viewer.Privileged(ctx), id)
		switch {
		case ent.IsNotFound(err):
			return notFound("destination", id)
		case err != nil:
			return fmt.Errorf("load destination %s: %w", id, err)
		}
		settings := DestinationSettings(old)
		maps.Copy(settings, in.Settings)
		secrets, err := in.Secrets.merged(s.kr, entdest.Table, id, old.SealedSecrets(), false)
		if err != nil {
			return err
		}
		if _, err := validateDestination(string(old.Kind), settings, secrets); err != nil {
			return err
		}
		u := tx.Destination.UpdateOne(old).SetSettings(storedSettings(settings)).SetAccessKeyID(settings[s3AccessKeyID])
		name := old.Name
		if in.Name != nil {
			if name = strings.TrimSpace(*in.Name); name == "" {
				return fieldError("name", "give the destination a name")
			}
			u.SetName(name)
		}
		if err := in.Secrets.apply(u.Mutation()); err != nil {
			return err
		}
		if out, err = u.Save(ctx); err != nil {
			return constraint(err, "destination", name)
		}
		fields := changedFields(in.Settings, in.Secrets)
		if name != old.Name {
			fields = append([]string{"name"}, fields...)
		}
		return s.audit(ctx, tx.Client(), audit.Entry{
			Action: ActionDestinationUpdate, EntityType: "Destination", EntityID: string(id), Fields: fields,
			Details: map[string]any{"name": name},
		})
	})
	return out, err
}

// DeleteDestination deletes a destination no job writes to; otherwise *InUseError.
func (s *Service) DeleteDestination(ctx context.Context, id pulid.ID) error {
	return s.withTx(ctx, func(tx *ent.Tx) error {
		old, err := tx.Destination.Get(viewer.Privileged(ctx), id)
		switch {
		case ent.IsNotFound(err):
			return notFound("destination", id)
		case err != nil:
			return fmt.Errorf("load destination %s: %w", id, err)
		}
		users, err := tx.Job.Query().Where(entjob.HasTargetsWith(jobtarget.HasDestinationWith(entdest.ID(id)))).
			Select(entjob.FieldName).Strings(viewer.Privileged(ctx))
		if err != nil {
			return fmt.Errorf("jobs using destination %s: %w", id, err)
		}
		if len(users) > 0 {
			slices.Sort(users)
			return &InUseError{What: fmt.Sprintf("destination %q", old.Name), Users: users}
		}
		if err := tx.Destination.DeleteOne(old).Exec(ctx); err != nil {
			return fmt.Errorf("delete destination %q: %w", old.Name, err)
		}
		return s.audit(ctx, tx.Client(), audit.Entry{
			Action: ActionDestinationDelete, EntityType: "Destination", EntityID: string(id), Details: map[string]any{"name": old.Name},
		})
	})
}

// DestinationTest is the outcome of TestDestination.
type DestinationTest struct {
	Latency time.Duration
	// HostKeyFingerprint is the SSH host key seen by an SFTP destination.
	HostKeyFingerprint string
	Err                *TestError
}

// hostKeyed is a storage that reports the SSH host key it connected to.
type hostKeyed interface{ HostKeyFingerprint() string }

// TestDestination writes, reads back and deletes a probe object on a saved destination, unsaved
// input, or both combined. A saved SFTP destination that trusts on first use and has no pinned
// host key gets the key it saw recorded, with an audit entry.
func (s *Service) TestDestination(ctx context.Context, id *pulid.ID, in *DestinationInput) (DestinationTest, error) {
	if id == nil && in == nil {
		return DestinationTest{}, fieldError("id", "give the id of a saved destination, the form's input, or both")
	}
	kind, settings, changes := "", map[string]string{}, SecretChanges{}
	var old *ent.Destination
	if id != nil {
		var err error
		old, err = s.client.Destination.Get(viewer.Privileged(ctx), *id)
		switch {
		case ent.IsNotFound(err):
			return DestinationTest{}, notFound("destination", *id)
		case err != nil:
			return DestinationTest{}, fmt.Errorf("load destination %s: %w", *id, err)
		}
		kind, settings = string(old.Kind), DestinationSettings(old)
	}
	if in != nil {
		if in.Kind != "" {
			kind = in.Kind
		}
		maps.Copy(settings, in.Settings)
		changes = in.Secrets
	}
	secrets := changes.present()
	if old != nil {
		var err error
		if secrets, err = changes.merged(s.kr, entdest.Table, old.ID, old.SealedSecrets(), true); err != nil {
			return DestinationTest{Err: secretError(err)}, nil
		}
	}
	e, err := validateDestination(kind, settings, secrets)
	if err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			return DestinationTest{Err: &TestError{Code: string(connerr.Config), Message: fe.Msg, Field: fe.Field}}, nil
		}
		return DestinationTest{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.testTimeout)
	defer cancel()
	clean := map[string]string{}
	for k, v := range settings {
		if v != "" {
			clean[k] = v
		}
	}
	st, err := e.Open(ctx, clean, secrets)
	if err != nil {
		return DestinationTest{Err: connError(err)}, nil
	}
	if c, ok := st.(io.Closer); ok {
		defer c.Close()
	}
	var res DestinationTest
	if hk, ok := st.(hostKeyed); ok {
		res.HostKeyFingerprint = hk.HostKeyFingerprint()
	}
	probe, err := storage.Probe(ctx, st)
	if err != nil {
		res.Err = connError(err)
		return res, nil
	}
	res.Latency = probe.Latency
	if old != nil && in == nil && res.HostKeyFingerprint != "" && settings[settingHostKey] == "" {
		if tofu, _ := strconv.ParseBool(settings[settingTrustOnFirstUse]); tofu {
			if err := s.recordHostKey(ctx, old, res.HostKeyFingerprint); err != nil {
				return res, err
			}
		}
	}
	return res, nil
}

// recordHostKey pins the host key a trust-on-first-use destination saw first.
func (s *Service) recordHostKey(ctx context.Context, d *ent.Destination, fp string) error {
	return s.withTx(ctx, func(tx *ent.Tx) error {
		settings := maps.Clone(d.Settings)
		if settings == nil {
			settings = map[string]any{}
		}
		settings[settingHostKey] = fp
		if err := tx.Destination.UpdateOneID(d.ID).SetSettings(settings).Exec(ctx); err != nil {
			return fmt.Errorf("record host key of %q: %w", d.Name, err)
		}
		return s.audit(ctx, tx.Client(), audit.Entry{
			Action: ActionHostKeyTrusted, EntityType: "Destination", EntityID: string(d.ID),
			Fields: []string{settingHostKey}, Details: map[string]any{"name": d.Name, "fingerprint": fp},
		})
	})
}

// DestinationSecretFields names the secrets the kind's form has; nil for an unknown kind.
func DestinationSecretFields(kind string) []string {
	e, ok := kinds.Lookup(kind)
	if !ok {
		return nil
	}
	out := []string{}
	for _, f := range e.Kind.Fields {
		if f.Type == storage.FieldSecret {
			out = append(out, f.Name)
		}
	}
	return out
}

// s3AccessKeyID is the S3 setting mirrored into the destination's access_key_id column.
const s3AccessKeyID = "access_key_id"
