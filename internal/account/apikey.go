package account

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/ent/apikey"
	"github.com/dbackup/dbackup/ent/user"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/auth/token"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/vault/entvault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// maxKeyNameLen bounds an API key's name, which labels it in lists and the audit log.
const maxKeyNameLen = 100

// prefixAttempts is how many keys CreateAPIKey draws when prefixes collide, which at 40 random
// bits per prefix practically never happens even once.
const prefixAttempts = 3

// CreateAPIKey creates an API key for owner with the given scopes, which must be a subset of
// the owner's permissions (*ScopeError naming the extra ones), and an optional expiry in the
// future. It returns the key, to show once, and the stored row: the key's prefix in clear and
// the hex SHA-256 of the whole key in secret_hash, sealed by the entvault hook.
func (s *Service) CreateAPIKey(ctx context.Context, ownerID pulid.ID, name string, scopes perm.Set, expiresAt *time.Time) (string, *ent.APIKey, error) {
	ctx = viewer.Privileged(ctx)
	name = strings.TrimSpace(name)
	switch {
	case name == "" || utf8.RuneCountInString(name) > maxKeyNameLen:
		return "", nil, invalid("API key name must have 1 to %d characters", maxKeyNameLen)
	case scopes.IsEmpty():
		return "", nil, invalid("an API key needs at least one scope")
	case expiresAt != nil && !expiresAt.After(s.now()):
		return "", nil, invalid("API key expiry %s is not in the future", expiresAt.Format(time.RFC3339))
	}
	var plain string
	var key *ent.APIKey
	err := s.withTx(ctx, func(tx *ent.Tx) error {
		owner, err := tx.User.Query().Where(user.ID(ownerID)).WithGroups().Only(ctx)
		switch {
		case ent.IsNotFound(err):
			return notFound("user", ownerID)
		case err != nil:
			return fmt.Errorf("load owner %s: %w", ownerID, err)
		case owner.Disabled:
			return ErrDisabled
		}
		have := permissionsOf(owner.Edges.Groups)
		if !scopes.IsSubsetOf(have) {
			var extra []perm.Permission
			for _, p := range scopes.Permissions() {
				if !have.Has(p) {
					extra = append(extra, p)
				}
			}
			return &ScopeError{Extra: extra}
		}
		for attempt := 1; ; attempt++ {
			var prefix string
			var hash []byte
			if plain, prefix, hash, err = s.opts.Tokens.NewAPIKey(); err != nil {
				return err
			}
			key, err = tx.APIKey.Create().SetName(name).SetPrefix(prefix).SetSecretHash(hex.EncodeToString(hash)).
				SetScopes(scopes.Strings()).SetNillableExpiresAt(expiresAt).SetOwner(owner).Save(ctx)
			if err == nil {
				break
			}
			if !ent.IsConstraintError(err) || attempt == prefixAttempts {
				return fmt.Errorf("create API key: %w", err)
			}
		}
		details := map[string]any{"prefix": key.Prefix, "owner_id": string(ownerID), "scopes": scopes.Strings()}
		if expiresAt != nil {
			details["expires_at"] = expiresAt.UTC().Format(time.RFC3339)
		}
		return s.audit(ctx, tx.Client(), event{
			action: ActionAPIKeyCreate, entityType: entityAPIKey, entityID: string(key.ID),
			fields:  []string{apikey.FieldName, apikey.FieldPrefix, apikey.FieldSecretHash, apikey.FieldScopes, apikey.FieldExpiresAt},
			details: details,
		})
	})
	if err != nil {
		return "", nil, err
	}
	return plain, key, nil
}

// AuthenticateAPIKey returns the viewer of an API key presented by a client. The key is found
// by its prefix, and its hash compared in constant time with the opened secret_hash; then a
// revoked key gives ErrAPIKeyRevoked, an expired one ErrAPIKeyExpired, a disabled or deleted
// owner ErrDisabled. The viewer's permissions are the key's scopes within the owner's current
// permissions, so a key never outranks its owner. last_used_at moves to now at most once a
// minute. Anything else about the key gives ErrInvalidAPIKey; throttling bad keys per client
// IP is the HTTP layer's job.
func (s *Service) AuthenticateAPIKey(ctx context.Context, key string) (*viewer.Viewer, error) {
	ctx = viewer.Privileged(ctx)
	prefix, err := token.ParseAPIKey(key)
	if err != nil {
		return nil, ErrInvalidAPIKey
	}
	k, err := s.client.APIKey.Query().Where(apikey.Prefix(prefix)).
		WithOwner(func(q *ent.UserQuery) { q.WithGroups() }).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return nil, ErrInvalidAPIKey
	case err != nil:
		return nil, fmt.Errorf("look up API key: %w", err)
	}
	stored, err := entvault.Open(s.kr, apikey.Table, apikey.FieldSecretHash, k.ID, k.SecretHash)
	if err != nil {
		return nil, fmt.Errorf("API key %s: %w", k.Prefix, err)
	}
	want, err := hex.DecodeString(stored.Reveal())
	if err != nil {
		return nil, fmt.Errorf("API key %s: stored hash is not hex", k.Prefix)
	}
	if !token.EqualHash(token.HashAPIKey(key), want) {
		return nil, ErrInvalidAPIKey
	}
	now := s.now()
	owner := k.Edges.Owner
	switch {
	case k.RevokedAt != nil:
		return nil, ErrAPIKeyRevoked
	case k.ExpiresAt != nil && !now.Before(*k.ExpiresAt):
		return nil, ErrAPIKeyExpired
	case owner == nil || owner.Disabled:
		return nil, ErrDisabled
	}
	scopes := permissionsOf([]*ent.Group{{Permissions: k.Scopes}})
	if k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) >= touchInterval {
		if err := s.client.APIKey.UpdateOne(k).SetLastUsedAt(now).Exec(ctx); err != nil {
			return nil, fmt.Errorf("touch API key %s: %w", k.Prefix, err)
		}
	}
	return &viewer.Viewer{
		UserID: string(owner.ID), Username: owner.Username,
		APIKeyID: string(k.ID), APIKeyName: k.Name,
		Permissions: scopes.Intersect(permissionsOf(owner.Edges.Groups)),
	}, nil
}

// RevokeAPIKey revokes a key for good. Revoking a revoked key changes nothing.
//
// Users revoke their own keys; revoking another user's needs users:write, and without it the
// key is reported as not found rather than revealing that it exists.
func (s *Service) RevokeAPIKey(ctx context.Context, id pulid.ID) error {
	caller := viewer.FromContext(ctx)
	ctx = viewer.Privileged(ctx)
	return s.withTx(ctx, func(tx *ent.Tx) error {
		k, err := tx.APIKey.Query().Where(apikey.ID(id)).WithOwner().Only(ctx)
		mine := err == nil && k.Edges.Owner != nil && string(k.Edges.Owner.ID) == caller.Actor().UserID
		switch {
		case err == nil && !mine && !caller.Can(perm.UsersWrite):
			return notFound("API key", id)
		case ent.IsNotFound(err):
			return notFound("API key", id)
		case err != nil:
			return fmt.Errorf("load API key %s: %w", id, err)
		case k.RevokedAt != nil:
			return nil
		}
		if err := tx.APIKey.UpdateOne(k).SetRevokedAt(s.now()).Exec(ctx); err != nil {
			return fmt.Errorf("revoke API key %s: %w", id, err)
		}
		return s.audit(ctx, tx.Client(), event{
			action: ActionAPIKeyRevoke, entityType: entityAPIKey, entityID: string(id),
			fields: []string{apikey.FieldRevokedAt}, details: map[string]any{"prefix": k.Prefix},
		})
	})
}
