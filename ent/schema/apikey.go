package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/vault/entvault"
)

// APIKey lets a program call the API as its owner, within its scopes.
type APIKey struct {
	ent.Schema
}

// Mixin of APIKey.
func (APIKey) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("key"), mixin.Time{}, entvault.Mixin{}}
}

// Fields of APIKey.
func (APIKey) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().Comment("What the key is for."),
		field.String("prefix").NotEmpty().Unique().Immutable().Comment("First characters of the key, to recognise and look it up."),
		entvault.Field("secret_hash", "SHA-256 of the whole key, sealed so that a stolen database cannot test guesses offline."),
		field.Strings("scopes").Optional().Comment("Permissions of the key; never more than its owner's."),
		field.Time("expires_at").Optional().Nillable().Comment("When the key stops working; never if unset."),
		field.Time("last_used_at").Optional().Nillable().Comment("When the key was last used."),
		field.Time("revoked_at").Optional().Nillable().Comment("When the key was revoked."),
	}
}

// Edges of APIKey.
func (APIKey) Edges() []ent.Edge {
	return []ent.Edge{edge.From("owner", User.Type).Ref("api_keys").Unique().Comment("The user the key acts as.")}
}

// Annotations of APIKey.
func (APIKey) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), listQuery("apiKeys", perm.APIKeysRead)}
}
