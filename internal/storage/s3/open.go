package s3

import (
	"context"
	"strconv"

	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/vault"
)

// Kind describes the settings of an S3 bucket for the web interface.
var Kind = storage.Kind{
	Name:  "s3",
	Label: "S3-compatible bucket",
	Fields: []storage.FieldSpec{
		{Name: "endpoint", Label: "Endpoint", Type: storage.FieldString,
			Help: "URL of an S3-compatible service, such as https://minio.example.com:9000. Leave empty for Amazon S3."},
		{Name: "region", Label: "Region", Type: storage.FieldString, Default: DefaultRegion,
			Help: "Region of the bucket, such as eu-west-1. Most S3-compatible services accept any value."},
		{Name: "bucket", Label: "Bucket", Type: storage.FieldString, Required: true,
			Help: "Name of an existing bucket."},
		{Name: "prefix", Label: "Prefix", Type: storage.FieldString,
			Help: "Folder inside the bucket for this destination's backups, such as dbackup/prod."},
		{Name: "path_style", Label: "Path-style addressing", Type: storage.FieldBool, Default: "false",
			Help: "Address the bucket as endpoint/bucket instead of bucket.endpoint. Most self-hosted services (MinIO, Garage, Ceph) need this."},
		{Name: "storage_class", Label: "Storage class", Type: storage.FieldString,
			Help: "Storage class of new backups, such as STANDARD_IA. Leave empty for the bucket's default. Archive classes (GLACIER, DEEP_ARCHIVE) need a restore before DBackup can read a backup."},
		{Name: "access_key_id", Label: "Access key ID", Type: storage.FieldString, Required: true},
		{Name: "secret_access_key", Label: "Secret access key", Type: storage.FieldSecret, Required: true},
	},
}

// Open validates settings against Kind and returns the storage; it does not connect.
func Open(_ context.Context, settings map[string]string, secrets map[string]vault.Secret) (storage.Storage, error) {
	if err := Kind.Check(settings, secrets); err != nil {
		return nil, err
	}
	pathStyle, _ := strconv.ParseBool(Kind.Value(settings, "path_style")) // Check validated it
	return New(Config{
		Endpoint:        settings["endpoint"],
		Region:          Kind.Value(settings, "region"),
		Bucket:          settings["bucket"],
		Prefix:          settings["prefix"],
		PathStyle:       pathStyle,
		StorageClass:    settings["storage_class"],
		AccessKeyID:     settings["access_key_id"],
		SecretAccessKey: secrets["secret_access_key"],
	})
}
