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
	"github.com/dbackup/dbackup/internal/vault/entvault"
)

// User is a person who signs in to DBackup.
type User struct {
	ent.Schema
}

// Mixin of User.
func (User) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("usr"), mixin.Time{}, entvault.Mixin{}}
}

// Fields of User.
func (User) Fields() []ent.Field {
	return []ent.Field{
		field.String("username").NotEmpty().Unique().Comment("Login name."),
		field.String("email").Optional().Comment("E-mail address."),
		field.String("display_name").Optional().Comment("Name shown in the UI."),
		field.String("password_hash").Optional().Sensitive().Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("Argon2id hash of the password; empty for SSO-only users."),
		entvault.Field("totp_secret", "TOTP shared secret for two-factor sign-in."),
		field.Bool("disabled").Default(false).Comment("A disabled user cannot sign in."),
		field.String("oidc_issuer").Optional().Comment("Issuer of the linked SSO identity."),
		field.String("oidc_subject").Optional().Comment("Subject of the linked SSO identity."),
	}
}

// Edges of User.
func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("groups", Group.Type).Ref("users").Comment("Groups the user belongs to."),
		edge.To("api_keys", APIKey.Type).Comment("API keys the user created."),
	}
}

// Indexes of User.
func (User) Indexes() []ent.Index {
	return []ent.Index{index.Fields("oidc_issuer", "oidc_subject")}
}

// Annotations of User.
func (User) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
