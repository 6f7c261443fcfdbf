package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"github.com/dbackup/dbackup/internal/pulid"
)

// Setting holds one instance-wide setting as a key and a JSON value.
type Setting struct {
	ent.Schema
}

// Mixin of Setting.
func (Setting) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("set"), mixin.Time{}}
}

// Fields of Setting.
func (Setting) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").
			NotEmpty().
			Unique().
			Immutable().
			Comment("The setting's name, for example \"retention.defaultKeepLast\"."),
		field.String("value").
			Default("null").
			Comment("The setting's value as a JSON document."),
	}
}
