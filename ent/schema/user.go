package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"entgo.io/ent/schema/mixin"

	"github.com/dbackup/dbackup/internal/auth/perm"
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
		field.String("username").NotEmpty().Unique().Annotations(entgql.OrderField("USERNAME")).Comment("Login name."),
		field.String("email").Optional().Comment("E-mail address."),
		field.String("display_name").Optional().Comment("Name shown in the UI."),
		field.String("password_hash").Optional().Sensitive().Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("Argon2id hash of the password; empty for SSO-only users."),
		entvault.Field("totp_secret", "TOTP shared secret for two-factor sign-in."),
		field.Bool("disabled").Default(false).Comment("A disabled user cannot sign in."),
		field.String("oidc_issuer").Optional().Nillable().Comment("Issuer of the linked SSO identity."),
		field.String("oidc_subject").Optional().Nillable().Comment("Subject of the linked SSO identity."),
		field.Bool("totp_enabled").Default(false).Comment("Sign-in asks for a TOTP code; false while an enrolment is pending."),
		field.Int64("totp_last_step").Optional().Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("RFC 6238 step of the last accepted TOTP code; codes of this step or earlier are refused as replays."),
		entvault.Field("recovery_codes", "Newline-separated hex SHA-256 of the unused recovery codes; sealed because a code has only 40 bits."),
		field.Time("last_login_at").Optional().Nillable().Comment("When the user last signed in with a password."),
	}
}

// Edges of User.
func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("groups", Group.Type).Ref("users").Comment("Groups the user belongs to."),
		edge.To("api_keys", APIKey.Type).Comment("API keys the user created."),
		edge.To("sessions", Session.Type).Annotations(entgql.Skip(entgql.SkipAll), entsql.OnDelete(entsql.Cascade)).
			Comment("Browser sessions of the user; deleted with the user."),
	}
}

// Indexes of User.
func (User) Indexes() []ent.Index {
	// A user has at most one SSO identity, and an identity belongs to at most one user; local
	// users have NULL in both columns, which unique indexes do not compare.
	return []ent.Index{index.Fields("oidc_issuer", "oidc_subject").Unique()}
}

// Annotations of User.
func (User) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), listQuery("users", perm.UsersRead)}
}
