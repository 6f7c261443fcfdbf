package s3

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/dbackup/dbackup/internal/storage"
)

// Get opens the object for reading.
func (s *S3) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	k, err := s.objectKey(key)
	if err != nil {
		return nil, err
	}
	out, err := s.client.GetObject(ctx, &awss3.GetObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(k)})
	if err != nil {
		var nsk *types.NoSuchKey
		if errors.As(err, &nsk) || (isStatus(err, 404) && !isCode(err, "NoSuchBucket")) {
			return nil, fmt.Errorf("s3 get %q: %w", key, storage.ErrNotFound)
		}
		return nil, classify(fmt.Sprintf("s3 get %q", key), err)
	}
	return out.Body, nil
}

// Stat describes the object. HEAD responses have no body, so a missing bucket is ErrNotFound here
// too; Put and List tell it apart.
func (s *S3) Stat(ctx context.Context, key string) (storage.Object, error) {
	k, err := s.objectKey(key)
	if err != nil {
		return storage.Object{}, err
	}
	out, err := s.client.HeadObject(ctx, &awss3.HeadObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(k)})
	if err != nil {
		if isStatus(err, 404) {
			return storage.Object{}, fmt.Errorf("s3 stat %q: %w", key, storage.ErrNotFound)
		}
		return storage.Object{}, classify(fmt.Sprintf("s3 stat %q", key), err)
	}
	return storage.Object{Key: key, Size: aws.ToInt64(out.ContentLength), ModTime: aws.ToTime(out.LastModified)}, nil
}

// List pages through ListObjectsV2. Folder markers (keys ending in "/", made by web consoles)
// are skipped: they are no storage key.
func (s *S3) List(ctx context.Context, prefix string, fn func(storage.Object) error) error {
	if err := storage.CheckPrefix(prefix); err != nil {
		return fmt.Errorf("s3: %w", err)
	}
	p := awss3.NewListObjectsV2Paginator(s.client, &awss3.ListObjectsV2Input{
		Bucket: aws.String(s.bucket),
		Prefix: aws.String(s.root + prefix),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return classify(fmt.Sprintf("s3 list %q", prefix), err)
		}
		for _, o := range page.Contents {
			key := strings.TrimPrefix(aws.ToString(o.Key), s.root)
			if key == "" || strings.HasSuffix(key, "/") {
				continue
			}
			if err := fn(storage.Object{Key: key, Size: aws.ToInt64(o.Size), ModTime: aws.ToTime(o.LastModified)}); err != nil {
				return err
			}
		}
	}
	return nil
}

// Delete removes the object. S3 answers success for a missing key; some compatible services
// answer NoSuchKey, which is success too.
func (s *S3) Delete(ctx context.Context, key string) error {
	k, err := s.objectKey(key)
	if err != nil {
		return err
	}
	_, err = s.client.DeleteObject(ctx, &awss3.DeleteObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(k)})
	if err != nil && !isCode(err, "NoSuchKey") {
		return classify(fmt.Sprintf("s3 delete %q", key), err)
	}
	return nil
}
