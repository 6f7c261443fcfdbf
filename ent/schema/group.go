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
)

// Group grants its users a set of permissions.
type Group struct {
	ent.Schema
}

// Mixin of Group.
func (Group) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("grp"), mixin.Time{}}
}

// Fields of Group.
func (Group) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().Unique().Annotations(entgql.OrderField("NAME")).Comment("Group name."),
		field.String("description").Optional().Comment("What the group is for."),
		field.Strings("permissions").Optional().Comment("Permission strings such as sources:read."),
		field.Bool("builtin").Default(false).Immutable().Comment("Built-in groups cannot be deleted."),
	}
}

// Edges of Group.
func (Group) Edges() []ent.Edge {
	return []ent.Edge{edge.To("users", User.Type).Comment("Members of the group.")}
}

// Annotations of Group.
func (Group) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), listQuery("groups", perm.GroupsRead)}
}
