package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/pulid"
)

// Job says what is backed up (a source and its databases), where to (targets, in order), how
// (compression, encryption) and when (a cron schedule in a time zone).
type Job struct {
	ent.Schema
}

// Mixin of Job.
func (Job) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("job"), mixin.Time{}}
}

// Fields of Job.
func (Job) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().Unique().Annotations(entgql.OrderField("NAME")).
			Comment("A name people recognise, unique among jobs."),
		field.Strings("databases").Optional().
			Comment("The databases to back up; empty backs up every database the source lists at run time."),
		field.Enum("compression").Values("zstd", "gzip", "brotli", "none").Default("zstd").
			Comment("How backups are compressed before they are encrypted."),
		field.String("schedule").Optional().
			Comment("Five-field cron expression; empty for manual runs only."),
		field.String("timezone").Default("UTC").Comment("IANA time zone the schedule is read in."),
		field.Bool("enabled").Default(true).Comment("Whether the schedule runs."),
		field.Time("next_run_at").Optional().Nillable().
			Comment("When the schedule fires next (UTC); empty without a schedule or while disabled. Kept by the scheduler."),
		field.Enum("catch_up").Values("run_once", "skip").Default("run_once").
			Comment("After downtime that missed scheduled runs: run once at start, or skip to the next regular time."),
		field.String("name_template").Optional().
			Comment("How stored objects are named, with tokens such as {job}, {database}, {date} and {time}; empty uses the default."),
	}
}

// Edges of Job.
func (Job) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("source", Source.Type).Unique().Required().Comment("The database server backed up."),
		edge.To("encryption_profile", EncryptionProfile.Type).Unique().
			Comment("Encrypts the backups; none means unencrypted."),
		edge.To("targets", JobTarget.Type).Annotations(entsql.OnDelete(entsql.Cascade), entgql.Skip(entgql.SkipAll)).
			Comment("The destinations, in order, with their retention."),
		edge.To("notify_success", NotificationChannel.Type).Comment("Channels told about successful runs."),
		edge.To("notify_partial", NotificationChannel.Type).Comment("Channels told about runs that reached only some destinations."),
		edge.To("notify_failure", NotificationChannel.Type).Comment("Channels told about failed runs."),
	}
}

// Annotations of Job.
func (Job) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), listQuery("jobs", perm.JobsRead)}
}

// JobTarget is one destination of a job: its place in the job's order and its retention.
type JobTarget struct {
	ent.Schema
}

// Mixin of JobTarget.
func (JobTarget) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("jtg")}
}

// Fields of JobTarget.
func (JobTarget) Fields() []ent.Field {
	return []ent.Field{
		field.Int("position").Min(0).Comment("0 for the job's first destination."),
		field.Int("keep_last").Optional().Nillable().Min(1).Comment("Keep the newest N backups."),
		field.Int("keep_daily").Optional().Nillable().Min(1).Comment("Keep the newest backup of each of the last N days."),
		field.Int("keep_weekly").Optional().Nillable().Min(1).Comment("Keep the newest backup of each of the last N weeks."),
		field.Int("keep_monthly").Optional().Nillable().Min(1).Comment("Keep the newest backup of each of the last N months."),
		field.Int("keep_yearly").Optional().Nillable().Min(1).Comment("Keep the newest backup of each of the last N years."),
		field.Int("keep_days").Optional().Nillable().Min(1).Comment("Keep every backup of the last N days."),
	}
}

// Edges of JobTarget.
func (JobTarget) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("job", Job.Type).Ref("targets").Unique().Required().Comment("The job."),
		edge.To("destination", Destination.Type).Unique().Required().Comment("Where the job writes."),
	}
}

// Annotations of JobTarget.
func (JobTarget) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
