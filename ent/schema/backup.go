package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/pulid"
)

// Backup is one stored backup object on one destination, as described by its sidecar.
type Backup struct {
	ent.Schema
}

// Mixin of Backup.
func (Backup) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("bak")}
}

// Fields of Backup.
func (Backup) Fields() []ent.Field {
	return []ent.Field{
		field.String("object_key").NotEmpty().Comment("The object's name on the destination."),
		field.Time("created_at").Annotations(entgql.OrderField("CREATED_AT")).Comment("When the backup finished."),
		field.String("job_name").Optional().Comment("The job that made it."),
		field.String("engine").Comment("The source's engine, such as postgres."),
		field.String("server_version").Optional().Comment("The source server's version at backup time."),
		field.String("format").Comment("The dump format inside, such as pg_dump-custom or dbackup-tar-v1."),
		field.Strings("databases").Optional().Comment("The databases inside."),
		field.Enum("compression").Values("zstd", "gzip", "brotli", "none").Comment("How the dump is compressed."),
		field.Bool("encrypted").Comment("Whether the object is encrypted with an Encryption Profile."),
		field.String("key_id").Optional().Comment("Public id of the profile key that opens it."),
		field.String("profile_id").Optional().Comment("The Encryption Profile it was written with, at the time."),
		field.String("profile_name").Optional().Comment("That profile's name at the time."),
		field.Int64("size").Comment("Bytes stored."),
		field.Int64("dump_size").Default(0).Comment("Bytes of the dump before compression."),
		field.String("sha256").Comment("Lower-case hex SHA-256 of the stored bytes."),
		field.Bool("locked").Default(false).Comment("Locked backups are never deleted by retention."),
		field.Time("verified_at").Optional().Nillable().Comment("When the stored object was last re-hashed."),
		field.Bool("verify_ok").Optional().Nillable().Comment("Whether that re-hash matched the recorded SHA-256."),
		field.String("verify_error").Optional().Comment("Why the last verification failed."),
	}
}

// Edges of Backup.
func (Backup) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("destination", Destination.Type).Unique().Required().Annotations(entsql.OnDelete(entsql.Cascade)).
			Comment("Where it is stored."),
		edge.To("execution", Execution.Type).Unique().Annotations(entsql.OnDelete(entsql.SetNull)).
			Comment("The run that stored it."),
		edge.To("job", Job.Type).Unique().Annotations(entsql.OnDelete(entsql.SetNull)).
			Comment("The job that made it, while it exists."),
	}
}

// Indexes of Backup.
func (Backup) Indexes() []ent.Index {
	return []ent.Index{index.Fields("object_key").Edges("destination").Unique()}
}

// Annotations of Backup.
func (Backup) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), listQuery("backups", perm.StorageRead)}
}
