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

// Destination is a place backups are stored.
type Destination struct {
	ent.Schema
}

// Mixin of Destination.
func (Destination) Mixin() []ent.Mixin {
	return []ent.Mixin{pulid.MixinWithPrefix("dst"), mixin.Time{}, entvault.Mixin{}}
}

// Fields of Destination.
func (Destination) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().Unique().Annotations(entgql.OrderField("NAME")).Comment("A name people recognise, unique among destinations."),
		field.Enum("kind").Values("local", "s3", "sftp", "webdav", "ftp", "gdrive", "dropbox", "onedrive").
			Comment("The kind of storage."),
		field.JSON("settings", map[string]any{}).Optional().Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("Kind-specific settings that are not secret: path, endpoint, region, bucket, prefix, host, user…"),
		field.String("access_key_id").Optional().Comment("S3 access key id (public half of the credential)."),
		entvault.Field("secret_access_key", "S3 secret access key."),
		entvault.Field("password", "Password for SFTP, WebDAV or FTP."),
		entvault.Field("private_key", "SFTP private key."),
		entvault.Field("private_key_passphrase", "Passphrase of the SFTP private key."),
		entvault.Field("oauth_client_secret", "OAuth client secret of a cloud drive."),
		entvault.Field("oauth_refresh_token", "OAuth refresh token of a cloud drive."),
		entvault.Field("oauth_access_token", "Short-lived OAuth access token of a cloud drive."),
	}
}

// Annotations of Destination.
func (Destination) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), listQuery("destinations", perm.DestinationsRead)}
}
