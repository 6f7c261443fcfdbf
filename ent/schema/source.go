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

// Source is a database DBackup backs up.
type Source struct {
	ent.Schema
}

// Mixin of Source.
func (Source) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("src"), mixin.Time{}, entvault.Mixin{}}
}

// Fields of Source.
func (Source) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().Unique().Annotations(entgql.OrderField("NAME")).Comment("A name people recognise, unique among sources."),
		field.Enum("engine").Values("postgres", "mysql", "mariadb", "sqlite", "redis", "mongodb").
			Comment("The database engine."),
		field.String("host").Optional().Comment("Host name or IP address; empty for SQLite."),
		field.Int("port").Optional().Min(0).Max(65535).Comment("TCP port; 0 means the engine's default."),
		field.String("username").Optional().Comment("User to connect as."),
		entvault.Field("password", "Password of the user."),
		field.String("database").Optional().Comment("Default database, or the SQLite file path."),
		field.JSON("options", map[string]string{}).Optional().Annotations(entgql.Skip(entgql.SkipAll)).Comment("Engine-specific settings that are not secret."),
		field.Enum("tls_mode").Values("disable", "prefer", "require", "verify_ca", "verify_full").Default("prefer").
			Comment("How to use TLS to the database."),
		field.Text("tls_ca_cert").Optional().Comment("PEM CA certificate to verify the server with."),
		field.Text("tls_client_cert").Optional().Comment("PEM client certificate."),
		entvault.Field("tls_client_key", "PEM private key of the client certificate."),
		field.Bool("ssh_enabled").Default(false).Comment("Connect through an SSH tunnel."),
		field.String("ssh_host").Optional().Comment("SSH server of the tunnel."),
		field.Int("ssh_port").Optional().Min(0).Max(65535).Comment("SSH port; 0 means 22."),
		field.String("ssh_username").Optional().Comment("SSH user."),
		entvault.Field("ssh_password", "SSH password."),
		entvault.Field("ssh_private_key", "SSH private key (PEM or OpenSSH)."),
		entvault.Field("ssh_private_key_passphrase", "Passphrase of the SSH private key."),
		field.String("ssh_host_key_fingerprint").Optional().Comment("Pinned SHA256 fingerprint of the SSH server's host key."),
	}
}

// Annotations of Source.
func (Source) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), listQuery("sources", perm.SourcesRead)}
}
