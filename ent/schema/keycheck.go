package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/vault/entvault"
)

// KeyCheck remembers which ENCRYPTION_KEY sealed this database's secrets, so that a start with
// another key is recognised instead of failing secret by secret. There is one row.
type KeyCheck struct {
	ent.Schema
}

// Mixin of KeyCheck.
func (KeyCheck) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("kck"), mixin.Time{}, entvault.Mixin{}}
}

// Fields of KeyCheck.
func (KeyCheck) Fields() []ent.Field {
	return []ent.Field{
		field.String("key_id").NotEmpty().Comment("Key id of the ENCRYPTION_KEY the secrets are sealed with."),
		entvault.Field("canary", "A known text sealed with that key; opening it proves the key."),
	}
}

// Annotations of KeyCheck.
func (KeyCheck) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
