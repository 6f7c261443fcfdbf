// Package s3 stores backups in an Amazon S3 bucket or any S3-compatible service (MinIO, Ceph,
// Garage, Backblaze B2, Wasabi, versitygw, …), under an optional key prefix.
//
// Put streams through a multipart upload of parts read one after another, so objects of unknown
// size never sit in memory whole; a failed or cancelled upload is aborted, and S3 shows an object
// only once its upload completes. RemovePartial aborts the uploads of a Put killed with the
// process. RecordChecksum keeps an object's SHA-256 in its user metadata (x-amz-meta-sha256),
// where any S3 tool can read it. Errors are classified into connerr kinds so that a connection
// test can tell a wrong secret from a missing bucket or an unreachable endpoint.
//
// The client is built from the settings alone: environment variables and ~/.aws files of the
// DBackup host are ignored, so that a destination behaves the same wherever DBackup runs.
package s3
