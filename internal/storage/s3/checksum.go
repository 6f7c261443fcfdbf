package s3

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/dbackup/dbackup/internal/storage"
)

// checksumMetaKey is the user metadata entry (x-amz-meta-sha256) holding an object's SHA-256 as
// lower-case hex, readable with any S3 tool once the object left DBackup's reach.
const checksumMetaKey = "sha256"

// copyThreshold is the largest object a single CopyObject may copy: S3 refuses more than 5 GiB,
// so bigger objects are copied part by part. A variable so that tests can reach the multipart
// path with small objects.
var copyThreshold int64 = 5 << 30

// copyPartSize is the size of the parts of a multipart copy. 512 MiB keeps a 5 TiB object (the
// S3 maximum) within 10,000 parts; a variable for the same reason as copyThreshold.
var copyPartSize int64 = 512 << 20

var (
	_ storage.ChecksumRecorder = (*S3)(nil)
	_ storage.PartialRemover   = (*S3)(nil)
)

// RecordChecksum stores sha256 in the object's user metadata. S3 metadata cannot change in place,
// so the object is copied onto itself server side with the new metadata; the copy is conditional
// on the ETag seen beforehand, so that an object replaced in between never gets a checksum that
// belongs to other bytes. The object stays readable under key throughout.
func (s *S3) RecordChecksum(ctx context.Context, key, sha256 string) error {
	k, err := s.objectKey(key)
	if err != nil {
		return err
	}
	op := fmt.Sprintf("s3 record checksum %q", key)
	head, err := s.client.HeadObject(ctx, &awss3.HeadObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(k)})
	if err != nil {
		if isStatus(err, 404) {
			return fmt.Errorf("%s: %w", op, storage.ErrNotFound)
		}
		return classify(op, err)
	}
	meta := maps.Clone(head.Metadata)
	if meta == nil {
		meta = map[string]string{}
	}
	for name := range meta {
		if strings.EqualFold(name, checksumMetaKey) {
			delete(meta, name)
		}
	}
	meta[checksumMetaKey] = sha256
	src := copySource(s.bucket, k)
	size, etag := aws.ToInt64(head.ContentLength), aws.ToString(head.ETag)
	if size > copyThreshold {
		err = s.multipartCopy(ctx, k, src, etag, size, head.ContentType, meta)
	} else {
		in := &awss3.CopyObjectInput{
			Bucket:            aws.String(s.bucket),
			Key:               aws.String(k),
			CopySource:        aws.String(src),
			CopySourceIfMatch: aws.String(etag),
			MetadataDirective: types.MetadataDirectiveReplace,
			Metadata:          meta,
			ContentType:       head.ContentType,
		}
		if s.storageClass != "" {
			in.StorageClass = types.StorageClass(s.storageClass)
		}
		_, err = s.client.CopyObject(ctx, in)
	}
	if err != nil {
		return classify(op, err)
	}
	return nil
}

// multipartCopy replaces the object k with a copy of itself made of UploadPartCopy parts,
// carrying meta. A failed copy is aborted and leaves the object as it was.
func (s *S3) multipartCopy(ctx context.Context, k, src, etag string, size int64, contentType *string, meta map[string]string) error {
	in := &awss3.CreateMultipartUploadInput{
		Bucket:      aws.String(s.bucket),
		Key:         aws.String(k),
		Metadata:    meta,
		ContentType: contentType,
	}
	if s.storageClass != "" {
		in.StorageClass = types.StorageClass(s.storageClass)
	}
	up, err := s.client.CreateMultipartUpload(ctx, in)
	if err != nil {
		return err
	}
	uploadID := aws.ToString(up.UploadId)
	// Parts are copied one after another: each is a server-side copy, so the time goes to the
	// service rather than to this host's bandwidth.
	var parts []types.CompletedPart
	for start, n := int64(0), int32(1); start < size; start, n = start+copyPartSize, n+1 {
		end := min(start+copyPartSize, size) - 1
		out, err := s.client.UploadPartCopy(ctx, &awss3.UploadPartCopyInput{
			Bucket:            aws.String(s.bucket),
			Key:               aws.String(k),
			UploadId:          aws.String(uploadID),
			PartNumber:        aws.Int32(n),
			CopySource:        aws.String(src),
			CopySourceIfMatch: aws.String(etag),
			CopySourceRange:   aws.String(fmt.Sprintf("bytes=%d-%d", start, end)),
		})
		if err != nil {
			s.abort(ctx, k, uploadID)
			return fmt.Errorf("copy part %d: %w", n, err)
		}
		if out.CopyPartResult == nil {
			s.abort(ctx, k, uploadID)
			return fmt.Errorf("copy part %d: the response has no ETag", n)
		}
		parts = append(parts, types.CompletedPart{ETag: out.CopyPartResult.ETag, PartNumber: aws.Int32(n)})
	}
	_, err = s.client.CompleteMultipartUpload(ctx, &awss3.CompleteMultipartUploadInput{
		Bucket:          aws.String(s.bucket),
		Key:             aws.String(k),
		UploadId:        aws.String(uploadID),
		MultipartUpload: &types.CompletedMultipartUpload{Parts: parts},
	})
	if err != nil {
		s.abort(ctx, k, uploadID)
		return err
	}
	return nil
}

// Checksum returns the SHA-256 that RecordChecksum stored with the object, or "" when none was
// recorded; a missing object is storage.ErrNotFound.
func (s *S3) Checksum(ctx context.Context, key string) (string, error) {
	k, err := s.objectKey(key)
	if err != nil {
		return "", err
	}
	op := fmt.Sprintf("s3 checksum %q", key)
	head, err := s.client.HeadObject(ctx, &awss3.HeadObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(k)})
	if err != nil {
		if isStatus(err, 404) {
			return "", fmt.Errorf("%s: %w", op, storage.ErrNotFound)
		}
		return "", classify(op, err)
	}
	// Services differ in the case of metadata names they return.
	for name, value := range head.Metadata {
		if strings.EqualFold(name, checksumMetaKey) {
			return value, nil
		}
	}
	return "", nil
}

// copySource is the x-amz-copy-source value of key in bucket: percent-encoded except for
// unreserved characters and "/", since services disagree on how they decode "+" and the like.
func copySource(bucket, key string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.WriteString(bucket)
	b.WriteByte('/')
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '_', c == '.', c == '~', c == '/':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}
