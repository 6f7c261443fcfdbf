package entvault

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// Annotation marks a field as sealed by the system key; the code generator reads it. The field
// is there because templates treat an empty annotation as false.
type Annotation struct {
	Sealed bool
}

// Name implements schema.Annotation; templates test `$f.Annotations.Sealed`.
func (Annotation) Name() string { return "Sealed" }

var _ schema.Annotation = Annotation{}

// Field declares a secret column: optional (empty means unset), Sensitive (never printed by the
// generated String() or JSON), hidden from GraphQL, and sealed by Mixin's hook.
func Field(name, comment string) ent.Field {
	return field.String(name).
		Optional().
		Sensitive().
		Comment(comment+" Sealed with ENCRYPTION_KEY (dbk1 form); empty when unset.").
		Annotations(Annotation{Sealed: true}, entgql.Skip(entgql.SkipAll))
}
