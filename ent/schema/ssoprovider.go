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

// SSOProvider is an OpenID Connect identity provider people sign in with.
type SSOProvider struct {
	ent.Schema
}

// Mixin of SSOProvider.
func (SSOProvider) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("sso"), mixin.Time{}, entvault.Mixin{}}
}

// Fields of SSOProvider.
func (SSOProvider) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().Unique().Annotations(entgql.OrderField("NAME")).Comment("Name on the sign-in button."),
		field.String("issuer_url").NotEmpty().Comment("OpenID issuer URL; discovery is read from it."),
		field.String("client_id").NotEmpty().Comment("OAuth client id registered at the provider."),
		entvault.Field("client_secret", "OAuth client secret registered at the provider."),
		field.Strings("scopes").Optional().Comment("Scopes to request besides openid."),
		field.Strings("allowed_email_domains").Optional().Comment("If set, only these e-mail domains may sign in."),
		field.Bool("auto_provision").Default(false).Comment("Create unknown users at their first sign-in."),
		field.Bool("link_by_verified_email").Default(false).Comment("Link to an existing local account with the same verified e-mail."),
		field.String("groups_claim").Optional().Comment("ID token claim that lists the user's groups."),
		field.JSON("group_mapping", map[string]string{}).Optional().Annotations(entgql.Skip(entgql.SkipAll)).Comment("Claim value to DBackup group name."),
		field.String("default_group").Optional().Comment("Group of provisioned users without a mapped group."),
		field.Bool("enabled").Default(true).Comment("Whether the provider's button is shown."),
	}
}

// Annotations of SSOProvider.
func (SSOProvider) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), listQuery("ssoProviders", perm.SSORead)}
}
