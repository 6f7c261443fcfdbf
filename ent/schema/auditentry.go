package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/pulid"
)

// AuditEntry records who did what, when and from where. Secret values never appear in it.
type AuditEntry struct {
	ent.Schema
}

// Mixin of AuditEntry.
func (AuditEntry) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("aud")}
}

// Fields of AuditEntry.
func (AuditEntry) Fields() []ent.Field {
	return []ent.Field{
		field.Time("time").Default(time.Now).Immutable().Annotations(entgql.OrderField("TIME")).Comment("When it happened."),
		field.String("actor").Immutable().Comment("Who: a user name, an API key name, or system."),
		field.String("actor_id").Optional().Immutable().Comment("ID of the user or API key."),
		field.String("action").NotEmpty().Immutable().Comment("What, such as source.update or vault.forgetUndecryptable."),
		field.String("entity_type").Optional().Immutable().Comment("Type of the entity acted on."),
		field.String("entity_id").Optional().Immutable().Comment("ID of the entity acted on."),
		field.Strings("fields").Optional().Immutable().Comment("Names of the changed fields; never their secret values."),
		field.String("ip").Optional().Immutable().Comment("Client IP address."),
		field.String("user_agent").Optional().Immutable().Comment("Client user agent."),
		field.JSON("details", map[string]any{}).Optional().Annotations(entgql.Skip(entgql.SkipAll)).Immutable().Comment("Further facts, never secrets."),
	}
}

// Indexes of AuditEntry.
func (AuditEntry) Indexes() []ent.Index {
	return []ent.Index{index.Fields("time"), index.Fields("action"), index.Fields("entity_type", "entity_id")}
}

// Annotations of AuditEntry.
func (AuditEntry) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), listQuery("auditLog", perm.AuditRead)}
}
