package s3_test

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/storage/s3"
	"github.com/dbackup/dbackup/internal/storage/s3/s3test"
)

func TestRecordChecksum(t *testing.T) {
	srv := s3test.Start(t)
	bucket := srv.NewBucket(t)
	for _, tc := range []struct {
		name         string
		key          string
		size         int64
		storageClass string
		// multipart lowers the copy threshold below size, to 5 MiB parts: S3's smallest but the last.
		multipart bool
	}{
		{"empty", "empty", 0, "", false},
		{"small", "db/dump.sql.gz", 1234, "STANDARD", false},
		{"special characters", "with space/a+b=c&d;e,f@g$h!i'j(k)~l#m%n?o ü.txt", 100, "", false},
		{"multipart copy", "big/dump", 12 << 20, "STANDARD", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := config(srv, bucket, "p/"+randomHex())
			cfg.StorageClass = tc.storageClass
			s := open(t, cfg)
			if tc.multipart {
				s3.SetCopyLimits(t, 5<<20, 5<<20)
			}
			data := make([]byte, tc.size)
			_, _ = rand.Read(data)
			require.NoError(t, s.Put(t.Context(), tc.key, bytes.NewReader(data), tc.size))

			got, err := s.Checksum(t.Context(), tc.key)
			require.NoError(t, err)
			require.Empty(t, got, "no checksum before RecordChecksum")

			sum := sha256.Sum256(data)
			want := hex.EncodeToString(sum[:])
			require.NoError(t, s.RecordChecksum(t.Context(), tc.key, want))
			got, err = s.Checksum(t.Context(), tc.key)
			require.NoError(t, err)
			require.Equal(t, want, got)
			require.Equal(t, data, read(t, s, tc.key), "the bytes are unchanged")
			if tc.multipart {
				head, err := srv.Client().HeadObject(t.Context(), &awss3.HeadObjectInput{
					Bucket: aws.String(bucket), Key: aws.String(cfg.Prefix + "/" + tc.key),
				})
				require.NoError(t, err)
				require.True(t, strings.HasSuffix(strings.Trim(aws.ToString(head.ETag), `"`), "-3"),
					"copied in three parts: ETag %s", aws.ToString(head.ETag))
			}

			// Recording again replaces the value rather than adding a second one.
			require.NoError(t, s.RecordChecksum(t.Context(), tc.key, strings.Repeat("0", 64)))
			got, err = s.Checksum(t.Context(), tc.key)
			require.NoError(t, err)
			require.Equal(t, strings.Repeat("0", 64), got)

			obj, err := s.Stat(t.Context(), tc.key)
			require.NoError(t, err)
			require.Equal(t, tc.size, obj.Size)
			uploads, err := srv.Client().ListMultipartUploads(t.Context(), &awss3.ListMultipartUploadsInput{Bucket: aws.String(bucket)})
			require.NoError(t, err)
			require.Empty(t, uploads.Uploads, "the copy leaves no upload behind")
		})
	}
}

func TestChecksumMissing(t *testing.T) {
	srv := s3test.Start(t)
	s := open(t, config(srv, srv.NewBucket(t), ""))
	_, err := s.Checksum(t.Context(), "missing")
	require.ErrorIs(t, err, storage.ErrNotFound)
	require.ErrorIs(t, s.RecordChecksum(t.Context(), "missing", strings.Repeat("0", 64)), storage.ErrNotFound)
	_, err = s.Stat(t.Context(), "missing")
	require.ErrorIs(t, err, storage.ErrNotFound, "RecordChecksum creates nothing")
	require.ErrorIs(t, s.RecordChecksum(t.Context(), "../escape", "x"), storage.ErrInvalidKey)
}

func read(t *testing.T, s storage.Storage, key string) []byte {
	t.Helper()
	rc, err := s.Get(t.Context(), key)
	require.NoError(t, err)
	defer rc.Close()
	b, err := io.ReadAll(rc)
	require.NoError(t, err)
	return b
}
