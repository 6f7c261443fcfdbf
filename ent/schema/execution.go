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
	"github.com/dbackup/dbackup/internal/runinfo"
)

// Execution is one run of a backup or a restore: queued, running or finished, with its progress,
// sizes, checksum and log.
type Execution struct {
	ent.Schema
}

// Mixin of Execution.
func (Execution) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("exe"), mixin.Time{}}
}

// Fields of Execution.
func (Execution) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").Values("backup", "restore").Immutable().Comment("What the run does."),
		field.Enum("status").Values("QUEUED", "RUNNING", "SUCCESS", "PARTIAL", "FAILED", "CANCELLED").
			Default("QUEUED").Annotations(entgql.OrderField("STATUS")).
			Comment("QUEUED until a worker takes it; PARTIAL when some destinations failed."),
		field.String("phase").Default("queued").
			Comment("What the run is doing now: queued, starting, dumping, finishing, verifying, restoring, done."),
		field.Enum("trigger").Values("manual", "schedule").Default("manual").Immutable().
			Comment("Who started it."),
		field.Time("scheduled_for").Optional().Nillable().Immutable().
			Comment("Scheduled runs: the instant of the schedule this run is for (unique per job)."),
		field.String("job_name").Optional().Comment("The job's name when the run started; kept when the job is deleted."),
		field.Strings("databases").Optional().Comment("The databases backed up or restored."),
		field.JSON("database_mapping", map[string]string{}).Optional().Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("Restore only: backed-up database name → target database name."),
		field.Time("started_at").Optional().Nillable().Annotations(entgql.OrderField("STARTED_AT")).
			Comment("When a worker began the run."),
		field.Time("finished_at").Optional().Nillable().Comment("When the run ended."),
		field.Time("heartbeat_at").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("Last sign of life of the worker; a run whose heartbeat stops is failed by the others."),
		field.String("node").Optional().Annotations(entgql.Skip(entgql.SkipAll)).Comment("The node running it."),
		field.Int64("dump_bytes").Default(0).Comment("Bytes the dump produced (backup) or the restore applied."),
		field.Int64("size").Default(0).Comment("Bytes of the stored object."),
		field.Int64("total_bytes").Default(0).Comment("Restore only: size of the object to read, for progress."),
		field.String("sha256").Optional().Comment("Lower-case hex SHA-256 of the stored object."),
		field.String("object_key").Optional().Comment("Name of the stored object on every destination."),
		field.JSON("targets", []runinfo.Target{}).Optional().Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("Per destination: status, bytes written, error."),
		field.JSON("log", []runinfo.Line{}).Optional().Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("Log lines, newest last, capped at runinfo.MaxLines."),
		field.String("error").Optional().Comment("Why the run failed, for people."),
		field.String("error_code").Optional().Comment("A stable code for the failure, such as ENCRYPTION_KEY_MISMATCH."),
		field.Bool("cancel_requested").Default(false).Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("Set by cancelExecution; the worker stops at its next heartbeat."),
		field.Int64("queue_job_id").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("The job queue's id of the work item."),
	}
}

// Edges of Execution.
func (Execution) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("job", Job.Type).Unique().Annotations(entsql.OnDelete(entsql.SetNull)).
			Comment("The job run; empty for restores and once the job is deleted."),
		edge.To("source", Source.Type).Unique().Annotations(entsql.OnDelete(entsql.SetNull)).
			Comment("The source backed up, or the restore's target."),
		edge.To("restored_backup", Backup.Type).Unique().Annotations(entsql.OnDelete(entsql.SetNull)).
			Comment("Restore only: the backup read."),
		edge.From("backups", Backup.Type).Ref("execution").Comment("The backups this run stored, one per destination."),
	}
}

// Indexes of Execution.
func (Execution) Indexes() []ent.Index {
	return []ent.Index{index.Fields("status"), index.Fields("create_time"),
		// One run per job and scheduled instant, whichever node's scheduler gets there first.
		index.Fields("scheduled_for").Edges("job").Unique()}
}

// Annotations of Execution.
func (Execution) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), listQuery("executions", perm.HistoryRead)}
}
