package pulid

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"
)

// Mixin gives an entity a prefixed ULID primary key.
type Mixin struct {
	mixin.Schema
	prefix string
}

// MixinWithPrefix returns the ID mixin for an entity whose IDs start with prefix.
func MixinWithPrefix(prefix string) Mixin { return Mixin{prefix: prefix} }

// Fields declares the "id" field.
func (m Mixin) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").
			GoType(ID("")).
			DefaultFunc(func() ID { return New(m.prefix) }).
			Immutable().
			Comment("A prefixed ULID; the prefix names the entity type."),
	}
}

// Annotation records the prefix in the schema so the generated code can map prefixes to tables.
type Annotation struct{ Prefix string }

// Name implements schema.Annotation.
func (Annotation) Name() string { return "PULID" }

// Annotations exposes the prefix to code generation.
func (m Mixin) Annotations() []schema.Annotation {
	return []schema.Annotation{Annotation{Prefix: m.prefix}}
}
