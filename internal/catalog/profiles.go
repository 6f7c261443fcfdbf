package catalog

import (
	"context"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/dbackup/dbackup/ent"
	entbackup "github.com/dbackup/dbackup/ent/backup"
	"github.com/dbackup/dbackup/ent/encryptionprofile"
	entjob "github.com/dbackup/dbackup/ent/job"
	"github.com/dbackup/dbackup/internal/audit"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/authz"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/recoverykit"
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

// RetainedBackups is how many recorded backups on one destination a key opens.
type RetainedBackups struct {
	DestinationID   pulid.ID
	DestinationName string
	Count           int
}

// RetainedBackupsError refuses deleting a profile whose key is the only one here that opens
// backups still on destinations, unless the caller confirms (after saving the key, for example
// in a Recovery Kit).
type RetainedBackupsError struct {
	Profile  string
	Retained []RetainedBackups
}

func (e *RetainedBackupsError) Error() string {
	total := 0
	parts := make([]string, 0, len(e.Retained))
	for _, r := range e.Retained {
		total += r.Count
		parts = append(parts, fmt.Sprintf("%d on %q", r.Count, r.DestinationName))
	}
	return fmt.Sprintf("encryption profile %q holds the only key for %d retained backup(s) (%s): download a Recovery Kit "+
		"with its key first, then delete again confirming that those backups will need the kit", e.Profile, total, strings.Join(parts, ", "))
}

// RetainedBackupsOf counts, per destination, the recorded backups that the key with keyID
// opens; destinations are in name order. Backups appear in the records once a run stored them
// or a listing of their destination found their sidecars.
func (s *Service) RetainedBackupsOf(ctx context.Context, keyID string) ([]RetainedBackups, error) {
	return retainedBackups(ctx, s.client, keyID)
}

func retainedBackups(ctx context.Context, c *ent.Client, keyID string) ([]RetainedBackups, error) {
	if keyID == "" {
		return nil, nil
	}
	var rows []struct {
		DestinationID pulid.ID `json:"backup_destination"`
		Count         int      `json:"count"`
	}
	err := c.Backup.Query().Where(entbackup.KeyID(keyID), entbackup.Encrypted(true)).
		GroupBy(entbackup.DestinationColumn).Aggregate(ent.Count()).Scan(viewer.Privileged(ctx), &rows)
	if err != nil {
		return nil, fmt.Errorf("count backups of key %s: %w", keyID, err)
	}
	out := make([]RetainedBackups, 0, len(rows))
	for _, r := range rows {
		d, err := c.Destination.Get(viewer.Privileged(ctx), r.DestinationID)
		if err != nil {
			return nil, fmt.Errorf("load destination %s: %w", r.DestinationID, err)
		}
		out = append(out, RetainedBackups{DestinationID: d.ID, DestinationName: d.Name, Count: r.Count})
	}
	slices.SortFunc(out, func(a, b RetainedBackups) int { return strings.Compare(a.DestinationName, b.DestinationName) })
	return out, nil
}

// DeleteProfile deletes a profile no job uses; otherwise *InUseError. When its key is the only
// one here that opens retained backups, it is refused with *RetainedBackupsError unless
// confirmRetained is true: those backups can then only be opened with a Recovery Kit (or an
// import of the key).
func (s *Service) DeleteProfile(ctx context.Context, id pulid.ID, confirmRetained bool) error {
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
		// Another profile with the same key (an import) keeps the backups open.
		twins, err := tx.EncryptionProfile.Query().Where(encryptionprofile.KeyID(old.KeyID), encryptionprofile.IDNEQ(id)).
			Count(viewer.Privileged(ctx))
		if err != nil {
			return fmt.Errorf("profiles with key %s: %w", old.KeyID, err)
		}
		var retained []RetainedBackups
		if twins == 0 {
			if retained, err = retainedBackups(ctx, tx.Client(), old.KeyID); err != nil {
				return err
			}
		}
		if len(retained) > 0 && !confirmRetained {
			return &RetainedBackupsError{Profile: old.Name, Retained: retained}
		}
		if err := tx.EncryptionProfile.DeleteOne(old).Exec(ctx); err != nil {
			return fmt.Errorf("delete encryption profile %q: %w", old.Name, err)
		}
		details := map[string]any{"name": old.Name, "key_id": old.KeyID}
		if len(retained) > 0 {
			n := 0
			for _, r := range retained {
				n += r.Count
			}
			details["retained_backups"] = n
		}
		return s.audit(ctx, tx.Client(), audit.Entry{
			Action: ActionProfileDelete, EntityType: "EncryptionProfile", EntityID: string(id), Details: details,
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

// ActionRecoveryKit is the audit action of a Recovery Kit handed out.
const ActionRecoveryKit = "vault.recoveryKit"

// RecoveryKitKeys opens the keys of the given profiles for a Recovery Kit, for a viewer with
// vault:reveal, and audits it once naming every profile. A key sealed under another
// ENCRYPTION_KEY fails with *vault.KeyMismatchError and nothing is handed out.
func (s *Service) RecoveryKitKeys(ctx context.Context, ids []pulid.ID) ([]recoverykit.Key, error) {
	if err := authz.Require(ctx, perm.VaultReveal); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, fieldError("profiles", "choose at least one Encryption Profile")
	}
	keys := make([]recoverykit.Key, 0, len(ids))
	names := make([]string, 0, len(ids))
	kids := make([]string, 0, len(ids))
	for _, id := range ids {
		p, err := s.client.EncryptionProfile.Get(viewer.Privileged(ctx), id)
		switch {
		case ent.IsNotFound(err):
			return nil, notFound("encryption profile", id)
		case err != nil:
			return nil, fmt.Errorf("load encryption profile %s: %w", id, err)
		}
		sec, err := entvault.Open(s.kr, encryptionprofile.Table, encryptionprofile.FieldKey, id, p.Key)
		if err != nil {
			return nil, err
		}
		k, err := vault.ParseKey(sec.Reveal())
		if err != nil {
			return nil, fmt.Errorf("key of encryption profile %q: %w", p.Name, err)
		}
		keys = append(keys, recoverykit.Key{ProfileID: string(p.ID), ProfileName: p.Name, Key: k[:]})
		names, kids = append(names, p.Name), append(kids, p.KeyID)
	}
	err := s.audit(ctx, s.client, audit.Entry{Action: ActionRecoveryKit, EntityType: "EncryptionProfile",
		EntityID: string(ids[0]), Details: map[string]any{"profiles": names, "key_ids": kids}})
	if err != nil {
		return nil, err
	}
	return keys, nil
}
