package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/dbackup/dbackup/internal/pulid"
)

// DownloadLink is a one-time link to a download that works without a session: a stored backup
// (raw or decrypted) or a Recovery Kit. The server keeps the hash of the link's token; the link
// works once, before it expires, and only while its creator still holds the permission.
type DownloadLink struct {
	ent.Schema
}

// Mixin of DownloadLink.
func (DownloadLink) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("dln")}
}

// Fields of DownloadLink.
func (DownloadLink) Fields() []ent.Field {
	return []ent.Field{
		field.String("token_hash").NotEmpty().Unique().Immutable().Sensitive().
			Comment("Hex SHA-256 of the link's token, the lookup key (a one-way hash of 256 random bits)."),
		field.Enum("kind").Values("backup", "recovery_kit").Immutable().Comment("What the link downloads."),
		field.Bool("decrypt").Default(false).Immutable().Comment("For a backup: the decrypted dump instead of the stored bytes."),
		field.Strings("profile_ids").Optional().Immutable().Comment("For a Recovery Kit: the Encryption Profiles whose keys it holds."),
		field.Time("created_at").Immutable(),
		field.Time("expires_at").Immutable().Comment("The link does not work from this instant on."),
		field.Time("used_at").Optional().Nillable().Comment("When the link was used; a used link never works again."),
	}
}

// Edges of DownloadLink.
func (DownloadLink) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("backup", Backup.Type).Unique().Immutable().Annotations(entsql.OnDelete(entsql.Cascade)).
			Comment("For a backup link: the backup."),
		edge.To("user", User.Type).Unique().Required().Immutable().Annotations(entsql.OnDelete(entsql.Cascade)).
			Comment("Who made the link; the download runs with this user's permissions at the time of use."),
	}
}

// Indexes of DownloadLink.
func (DownloadLink) Indexes() []ent.Index {
	return []ent.Index{index.Fields("expires_at")}
}

// Annotations of DownloadLink.
func (DownloadLink) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
