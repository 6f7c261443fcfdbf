package catalog

import (
	"context"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/encryptionprofile"
	entjob "github.com/dbackup/dbackup/ent/job"
	"github.com/dbackup/dbackup/internal/audit"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/vault/entvault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// Audit actions of encryption profiles.
const (
	ActionProfileCreate = "encryptionProfile.create"
	ActionProfileImport = "encryptionProfile.import"
	ActionProfileUpdate = "encryptionProfile.update"
	ActionProfileDelete = "encryptionProfile.delete"
	ActionProfileReveal = "encryptionProfile.reveal"
)

// profileKeyHexLen is the length of an imported key: 32 bytes in hex.
const profileKeyHexLen = 64

// CreateProfile creates an encryption profile with a new random 256-bit key, or with
// importKey (exactly 64 hex characters) when it is not empty.
func (s *Service) CreateProfile(ctx context.Context, name, description string, importKey vault.Secret) (*ent.EncryptionProfile, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, fieldError("name", "give the profile a name")
	}
	var key vault.Key
	action := ActionProfileCreate
	if raw := strings.TrimSpace(importKey.Reveal()); raw != "" {
		if _, err := hex.DecodeString(raw); err != nil || len(raw) != profileKeyHexLen {
			return nil, fieldError("importKey", "the key must be exactly %d hex characters (0-9, a-f), such as the output of openssl rand -hex 32", profileKeyHexLen)
		}
		k, err := vault.ParseKey(raw)
		if err != nil {
			return nil, fieldError("importKey", "%v", err)
		}
		key, action = k, ActionProfileImport
	} else {
		k, err := vault.GenerateKey()
		if err != nil {
			return nil, err
		}
		key = k
	}
	var out *ent.EncryptionProfile
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		var err error
		out, err = tx.EncryptionProfile.Create().SetName(name).SetDescription(description).
			SetKey(key.Reveal()).SetKeyID(vault.KeyID(key)).Save(ctx)
		if err != nil {
			return constraint(err, "encryption profile", name)
		}
		return s.audit(ctx, tx.Client(), audit.Entry{
			Action: action, EntityType: "EncryptionProfile", EntityID: string(out.ID),
			Fields: []string{"name", "key"}, Details: map[string]any{"name": name, "key_id": out.KeyID},
		})
	})
	return out, err
}

// UpdateProfile renames a profile or changes its description; the key never changes.
func (s *Service) UpdateProfile(ctx context.Context, id pulid.ID, name, description *string) (*ent.EncryptionProfile, error) {
	var out *ent.EncryptionProfile
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		old, err := tx.EncryptionProfile.Get(viewer.Privileged(ctx), id)
		switch {
		case ent.IsNotFound(err):
			return notFound("encryption profile", id)
		case err != nil:
			return fmt.Errorf("load encryption profile %s: %w", id, err)
		}
		u := tx.EncryptionProfile.UpdateOne(old)
		var fields []string
		n := old.Name
		if name != nil {
			if n = strings.TrimSpace(*name); n == "" {
				return fieldError("name", "give the profile a name")
			}
			u.SetName(n)
			fields = append(fields, "name")
		}
		if description != nil {
			u.SetDescription(*description)
			fields = append(fields, "description")
		}
		if out, err = u.Save(ctx); err != nil {
			return constraint(err, "encryption profile", n)
		}
		return s.audit(ctx, tx.Client(), audit.Entry{
			Action: ActionProfileUpdate, EntityType: "EncryptionProfile", EntityID: string(id), Fields: fields,
			Details: map[string]any{"name": n},
		})
	})
	return out, err
}

// DeleteProfile deletes a profile no job uses; otherwise *InUseError. Backups encrypted with
// it can then only be opened with a Recovery Kit that holds the key.
func (s *Service) DeleteProfile(ctx context.Context, id pulid.ID) error {
	return s.withTx(ctx, func(tx *ent.Tx) error {
		old, err := tx.EncryptionProfile.Get(viewer.Privileged(ctx), id)
		switch {
		case ent.IsNotFound(err):
			return notFound("encryption profile", id)
		case err != nil:
			return fmt.Errorf("load encryption profile %s: %w", id, err)
		}
		users, err := tx.Job.Query().Where(entjob.HasEncryptionProfileWith(encryptionprofile.ID(id))).
			Select(entjob.FieldName).Strings(viewer.Privileged(ctx))
		if err != nil {
			return fmt.Errorf("jobs using encryption profile %s: %w", id, err)
		}
		if len(users) > 0 {
			slices.Sort(users)
			return &InUseError{What: fmt.Sprintf("encryption profile %q", old.Name), Users: users}
		}
		if err := tx.EncryptionProfile.DeleteOne(old).Exec(ctx); err != nil {
			return fmt.Errorf("delete encryption profile %q: %w", old.Name, err)
		}
		return s.audit(ctx, tx.Client(), audit.Entry{
			Action: ActionProfileDelete, EntityType: "EncryptionProfile", EntityID: string(id),
			Details: map[string]any{"name": old.Name, "key_id": old.KeyID},
		})
	})
}

// RevealProfileKey opens a profile's key for a viewer allowed to see it, and audits it. A key
// sealed under another ENCRYPTION_KEY fails with *vault.KeyMismatchError.
func (s *Service) RevealProfileKey(ctx context.Context, id pulid.ID) (keyID string, key vault.Secret, err error) {
	p, err := s.client.EncryptionProfile.Get(viewer.Privileged(ctx), id)
	switch {
	case ent.IsNotFound(err):
		return "", vault.Secret{}, notFound("encryption profile", id)
	case err != nil:
		return "", vault.Secret{}, fmt.Errorf("load encryption profile %s: %w", id, err)
	}
	key, err = entvault.Open(s.kr, encryptionprofile.Table, encryptionprofile.FieldKey, id, p.Key)
	if err != nil {
		return "", vault.Secret{}, err
	}
	err = s.audit(ctx, s.client, audit.Entry{
		Action: ActionProfileReveal, EntityType: "EncryptionProfile", EntityID: string(id),
		Details: map[string]any{"name": p.Name, "key_id": p.KeyID},
	})
	return p.KeyID, key, err
}
