package s3_test

import (
	"bytes"
	"slices"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/storage/s3/s3test"
	"github.com/dbackup/dbackup/internal/storage/storagetest"
)

func TestRemovePartial(t *testing.T) {
	srv := s3test.Start(t)
	client := srv.Client()
	const prefix = "p/"
	var mu sync.Mutex
	buckets := map[storage.Storage]string{}
	storagetest.RunPartial(t, func(t *testing.T) storage.Storage {
		bucket := srv.NewBucket(t)
		s := open(t, config(srv, bucket, prefix))
		mu.Lock()
		defer mu.Unlock()
		buckets[s] = bucket
		return s
	}, func(t *testing.T, s storage.Storage, key string) func() bool {
		mu.Lock()
		bucket := buckets[s]
		mu.Unlock()
		id := startUpload(t, client, bucket, prefix+key)
		return func() bool {
			return slices.ContainsFunc(uploads(t, client, bucket), func(u types.MultipartUpload) bool {
				return aws.ToString(u.UploadId) == id
			})
		}
	})
}

func TestRemovePartialOtherPrefix(t *testing.T) {
	srv := s3test.Start(t)
	bucket := srv.NewBucket(t)
	client := srv.Client()
	s := open(t, config(srv, bucket, "p"))
	// The same key under another destination's prefix in the bucket belongs to that destination.
	other := startUpload(t, client, bucket, "q/db/dump")
	startUpload(t, client, bucket, "p/db/dump")

	require.NoError(t, s.RemovePartial(t.Context(), "db/dump"))
	left := uploads(t, client, bucket)
	require.Len(t, left, 1)
	require.Equal(t, other, aws.ToString(left[0].UploadId))
}

// startUpload begins a multipart upload of the S3 key with one part, as a Put killed with the
// process leaves it, and returns its ID.
func startUpload(t *testing.T, client *awss3.Client, bucket, key string) string {
	t.Helper()
	up, err := client.CreateMultipartUpload(t.Context(), &awss3.CreateMultipartUploadInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	require.NoError(t, err)
	_, err = client.UploadPart(t.Context(), &awss3.UploadPartInput{
		Bucket: aws.String(bucket), Key: aws.String(key), UploadId: up.UploadId,
		PartNumber: aws.Int32(1), Body: bytes.NewReader(make([]byte, 5<<20)),
	})
	require.NoError(t, err)
	return aws.ToString(up.UploadId)
}

// uploads returns the incomplete multipart uploads in bucket.
func uploads(t *testing.T, client *awss3.Client, bucket string) []types.MultipartUpload {
	t.Helper()
	out, err := client.ListMultipartUploads(t.Context(), &awss3.ListMultipartUploadsInput{Bucket: aws.String(bucket)})
	require.NoError(t, err)
	return out.Uploads
}
