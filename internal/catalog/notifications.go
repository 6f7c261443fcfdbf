package catalog

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dbackup/dbackup/ent"
	entchan "github.com/dbackup/dbackup/ent/notificationchannel"
	"github.com/dbackup/dbackup/internal/audit"
	"github.com/dbackup/dbackup/internal/notify"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/viewer"
)

// Audit actions of notification channels.
const (
	ActionChannelCreate = "notificationChannel.create"
	ActionChannelUpdate = "notificationChannel.update"
	ActionChannelDelete = "notificationChannel.delete"
)

// ChannelInput is a new notification channel, or changes to one: nil fields keep what is stored.
type ChannelInput struct {
	Name         *string
	Kind         string // new channels only
	Settings     map[string]string
	Secrets      SecretChanges
	Enabled      *bool
	SystemEvents *[]string
}

// ChannelSettings returns the non-secret settings of a channel by field name.
func ChannelSettings(c *ent.NotificationChannel) map[string]string {
	return settingStrings(c.Settings)
}

// validateChannel checks merged settings and secrets against the kind.
func validateChannel(kind string, settings map[string]string, secrets map[string]vaultSecret) error {
	spec, ok := notify.Lookup(notify.Kind(kind))
	if !ok {
		return fieldError("kind", "%q is not a channel kind; use one of %s", kind, strings.Join(notify.KindNames(), ", "))
	}
	var allowed []string
	for _, f := range spec.Fields {
		if f.Secret {
			allowed = append(allowed, f.Name)
		}
	}
	if err := SecretChanges(secrets).check(allowed); err != nil {
		return err
	}
	clean := maps.Clone(settings)
	maps.DeleteFunc(clean, func(_, v string) bool { return v == "" })
	err := notify.Validate(notify.Channel{Kind: notify.Kind(kind), Settings: clean, Secrets: secrets})
	var fe *notify.FieldError
	if errors.As(err, &fe) {
		return &FieldError{Field: fe.Field, Msg: fe.Error()}
	}
	return err
}

func checkSystemEvents(events []string) ([]string, error) {
	var out []string
	for _, e := range events {
		if !slices.Contains(notify.SystemEvents, e) {
			return nil, fieldError("systemEvents", "%q is not a system event; use one of %s", e, strings.Join(notify.SystemEvents, ", "))
		}
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out, nil
}

// CreateChannel saves a new notification channel; its secrets are sealed by ENCRYPTION_KEY.
func (s *Service) CreateChannel(ctx context.Context, in ChannelInput) (*ent.NotificationChannel, error) {
	name := strings.TrimSpace(deref(in.Name))
	if name == "" {
		return nil, fieldError("name", "give the channel a name")
	}
	if err := validateChannel(in.Kind, in.Settings, in.Secrets.present()); err != nil {
		return nil, err
	}
	var events []string
	if in.SystemEvents != nil {
		var err error
		if events, err = checkSystemEvents(*in.SystemEvents); err != nil {
			return nil, err
		}
	}
	var out *ent.NotificationChannel
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		c := tx.NotificationChannel.Create().SetName(name).SetKind(entchan.Kind(in.Kind)).
			SetSettings(storedSettings(in.Settings)).SetSystemEvents(events)
		if in.Enabled != nil {
			c.SetEnabled(*in.Enabled)
		}
		if err := in.Secrets.apply(c.Mutation()); err != nil {
			return err
		}
		var err error
		if out, err = c.Save(ctx); err != nil {
			return constraint(err, "notification channel", name)
		}
		return s.audit(ctx, tx.Client(), audit.Entry{
			Action: ActionChannelCreate, EntityType: "NotificationChannel", EntityID: string(out.ID),
			Fields: changedFields(in.Settings, in.Secrets), Details: map[string]any{"name": name, "kind": in.Kind},
		})
	})
	return out, err
}

// UpdateChannel changes a channel; secrets left out keep their stored value.
func (s *Service) UpdateChannel(ctx context.Context, id pulid.ID, in ChannelInput) (*ent.NotificationChannel, error) {
	var out *ent.NotificationChannel
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		old, err := tx.NotificationChannel.Get(viewer.Privileged(ctx), id)
		switch {
		case ent.IsNotFound(err):
			return notFound("notification channel", id)
		case err != nil:
			return fmt.Errorf("load notification channel %s: %w", id, err)
		}
		settings := ChannelSettings(old)
		maps.Copy(settings, in.Settings)
		secrets, err := in.Secrets.merged(s.kr, entchan.Table, id, old.SealedSecrets(), false)
		if err != nil {
			return err
		}
		if err := validateChannel(string(old.Kind), settings, secrets); err != nil {
			return err
		}
		u := tx.NotificationChannel.UpdateOne(old).SetSettings(storedSettings(settings))
		fields := changedFields(in.Settings, in.Secrets)
		name := old.Name
		if in.Name != nil {
			if name = strings.TrimSpace(*in.Name); name == "" {
				return fieldError("name", "give the channel a name")
			}
			u.SetName(name)
			fields = append(fields, "name")
		}
		if in.Enabled != nil {
			u.SetEnabled(*in.Enabled)
			fields = append(fields, "enabled")
		}
		if in.SystemEvents != nil {
			events, err := checkSystemEvents(*in.SystemEvents)
			if err != nil {
				return err
			}
			u.SetSystemEvents(events)
			fields = append(fields, "systemEvents")
		}
		if err := in.Secrets.apply(u.Mutation()); err != nil {
			return err
		}
		if out, err = u.Save(ctx); err != nil {
			return constraint(err, "notification channel", name)
		}
		return s.audit(ctx, tx.Client(), audit.Entry{
			Action: ActionChannelUpdate, EntityType: "NotificationChannel", EntityID: string(id), Fields: fields,
			Details: map[string]any{"name": name},
		})
	})
	return out, err
}

// DeleteChannel deletes a channel; jobs stop notifying it, and its delivery records go with it.
func (s *Service) DeleteChannel(ctx context.Context, id pulid.ID) error {
	return s.withTx(ctx, func(tx *ent.Tx) error {
		old, err := tx.NotificationChannel.Get(viewer.Privileged(ctx), id)
		switch {
		case ent.IsNotFound(err):
			return notFound("notification channel", id)
		case err != nil:
			return fmt.Errorf("load notification channel %s: %w", id, err)
		}
		if err := tx.NotificationChannel.DeleteOne(old).Exec(ctx); err != nil {
			return fmt.Errorf("delete notification channel %q: %w", old.Name, err)
		}
		return s.audit(ctx, tx.Client(), audit.Entry{
			Action: ActionChannelDelete, EntityType: "NotificationChannel", EntityID: string(id), Details: map[string]any{"name": old.Name},
		})
	})
}

// OpenChannel loads a channel with its secrets opened, ready for notify.Send. A secret sealed
// under another ENCRYPTION_KEY is an *OpenError naming the channel.
func (s *Service) OpenChannel(ctx context.Context, id pulid.ID) (*ent.NotificationChannel, notify.Channel, error) {
	row, err := s.client.NotificationChannel.Get(viewer.Privileged(ctx), id)
	switch {
	case ent.IsNotFound(err):
		return nil, notify.Channel{}, notFound("notification channel", id)
	case err != nil:
		return nil, notify.Channel{}, fmt.Errorf("load notification channel %s: %w", id, err)
	}
	secrets, err := SecretChanges{}.merged(s.kr, entchan.Table, row.ID, row.SealedSecrets(), true)
	if err != nil {
		return nil, notify.Channel{}, openError(fmt.Sprintf("notification channel %q", row.Name), err)
	}
	settings := ChannelSettings(row)
	maps.DeleteFunc(settings, func(_, v string) bool { return v == "" })
	return row, notify.Channel{Kind: notify.Kind(row.Kind), Name: row.Name, Settings: settings, Secrets: secrets}, nil
}

// ChannelSecretFields lists the secret fields of a channel kind, in form order.
func ChannelSecretFields(kind string) []string {
	spec, ok := notify.Lookup(notify.Kind(kind))
	if !ok {
		return nil
	}
	var out []string
	for _, f := range spec.Fields {
		if f.Secret {
			out = append(out, f.Name)
		}
	}
	return out
}
