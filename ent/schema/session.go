package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"entgo.io/ent/schema/mixin"

	"github.com/dbackup/dbackup/internal/pulid"
)

// Session is a browser sign-in: the server keeps the hash of the token held in the cookie.
type Session struct {
	ent.Schema
}

// Mixin of Session.
func (Session) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("ses"), mixin.Time{}}
}

// Fields of Session.
func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.String("token_hash").NotEmpty().Unique().Immutable().Sensitive().
			Comment("Hex SHA-256 of the cookie token, the lookup key. Not sealed: it is a one-way hash of 256 random bits, and sealing would make it unsearchable."),
		field.Time("expires_at").Comment("When the session ends however active it is."),
		field.Time("last_seen_at").Comment("Last request with this session; the idle timeout counts from here (updated at most once a minute)."),
		field.String("ip").Optional().Immutable().Comment("Client IP address at sign-in."),
		field.String("user_agent").Optional().Immutable().Comment("Client user agent at sign-in."),
	}
}

// Edges of Session.
func (Session) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("sessions").Unique().Required().Immutable().Comment("The signed-in user."),
	}
}

// Indexes of Session.
func (Session) Indexes() []ent.Index {
	return []ent.Index{index.Fields("expires_at")}
}

// Annotations of Session.
func (Session) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
