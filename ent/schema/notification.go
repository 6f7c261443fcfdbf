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
	"github.com/dbackup/dbackup/internal/notify"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/vault/entvault"
)

// NotificationChannel is where people hear about runs and system events: an SMTP server, a
// webhook, or a chat or push service. Its secrets are sealed by ENCRYPTION_KEY.
type NotificationChannel struct {
	ent.Schema
}

// Mixin of NotificationChannel.
func (NotificationChannel) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("ntc"), mixin.Time{}, entvault.Mixin{}}
}

// Fields of NotificationChannel.
func (NotificationChannel) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().Unique().Annotations(entgql.OrderField("NAME")).
			Comment("A name people recognise, unique among channels."),
		field.Enum("kind").Values(notify.KindNames()...).Comment("The kind of channel."),
		field.JSON("settings", map[string]any{}).Optional().Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("Kind-specific settings that are not secret: SMTP host, chat id, server URL…"),
		field.Bool("enabled").Default(true).Comment("Disabled channels receive nothing."),
		field.Strings("system_events").Optional().
			Comment("System events sent here, such as system.key_mismatch or system.schedule_missed."),
		entvault.Field("password", "SMTP or ntfy password."),
		entvault.Field("secret", "Webhook signing secret."),
		entvault.Field("headers", "Extra webhook headers, which often carry credentials."),
		entvault.Field("webhook_url", "Slack, Discord or Teams webhook URL."),
		entvault.Field("bot_token", "Telegram bot token."),
		entvault.Field("access_token", "ntfy access token."),
		entvault.Field("app_token", "Gotify application token."),
	}
}

// Edges of NotificationChannel.
func (NotificationChannel) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("success_jobs", Job.Type).Ref("notify_success").Annotations(entgql.Skip(entgql.SkipAll)),
		edge.From("partial_jobs", Job.Type).Ref("notify_partial").Annotations(entgql.Skip(entgql.SkipAll)),
		edge.From("failure_jobs", Job.Type).Ref("notify_failure").Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("deliveries", NotificationDelivery.Type).Annotations(entsql.OnDelete(entsql.Cascade), entgql.Skip(entgql.SkipAll)),
	}
}

// Annotations of NotificationChannel.
func (NotificationChannel) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), listQuery("notificationChannels", perm.NotificationsRead)}
}

// NotificationDelivery is one message to one channel, and how sending it went.
type NotificationDelivery struct {
	ent.Schema
}

// Mixin of NotificationDelivery.
func (NotificationDelivery) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("ntd")}
}

// Fields of NotificationDelivery.
func (NotificationDelivery) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Immutable().Annotations(entgql.OrderField("CREATED_AT")),
		field.String("event_type").Comment("Such as backup.failure, restore.success, system.schedule_missed or test."),
		field.String("title").Comment("The message's title."),
		field.Enum("status").Values("PENDING", "SENT", "FAILED").Default("PENDING").
			Comment("PENDING until sent or given up; FAILED after the last attempt or a permanent refusal."),
		field.Int("attempts").Default(0).Comment("Sending attempts so far."),
		field.String("error").Optional().Comment("Why the last attempt failed; never holds a secret."),
		field.Time("sent_at").Optional().Nillable().Comment("When the channel accepted it."),
		field.JSON("event", notify.Event{}).Annotations(entgql.Skip(entgql.SkipAll)).Comment("The message, kept for retries."),
	}
}

// Edges of NotificationDelivery.
func (NotificationDelivery) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("channel", NotificationChannel.Type).Ref("deliveries").Unique().Required().Comment("Where it goes."),
		edge.To("execution", Execution.Type).Unique().Annotations(entsql.OnDelete(entsql.SetNull)).
			Comment("The run it is about, if any."),
	}
}

// Indexes of NotificationDelivery.
func (NotificationDelivery) Indexes() []ent.Index {
	return []ent.Index{index.Fields("created_at"), index.Fields("status")}
}

// Annotations of NotificationDelivery.
func (NotificationDelivery) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), listQuery("notificationDeliveries", perm.NotificationsRead)}
}
