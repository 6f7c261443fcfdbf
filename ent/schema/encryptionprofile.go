package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/vault/entvault"
)

// EncryptionProfile holds a 256-bit key that encrypts backup files.
type EncryptionProfile struct {
	ent.Schema
}

// Mixin of EncryptionProfile.
func (EncryptionProfile) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("enc"), mixin.Time{}, entvault.Mixin{}}
}

// Fields of EncryptionProfile.
func (EncryptionProfile) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().Unique().Annotations(entgql.OrderField("NAME")).Comment("A name people recognise, unique among profiles."),
		field.String("description").Optional().Comment("What the profile is for."),
		entvault.Field("key", "The profile's 256-bit key as 64 hex characters."),
		field.String("key_id").NotEmpty().Immutable().
			Comment("Public id of the key, written into each backup's header to find the key again."),
	}
}

// Annotations of EncryptionProfile.
func (EncryptionProfile) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), listQuery("encryptionProfiles", perm.VaultRead)}
}
