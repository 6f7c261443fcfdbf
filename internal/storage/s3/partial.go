package s3

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
)

// RemovePartial aborts every incomplete multipart upload of key, which a Put killed with the
// process leaves behind to be billed. Uploads of other keys that merely start with key are kept,
// and so is a complete object under key: S3 shows an upload's parts only once it completes.
func (s *S3) RemovePartial(ctx context.Context, key string) error {
	k, err := s.objectKey(key)
	if err != nil {
		return err
	}
	op := fmt.Sprintf("s3 remove partial %q", key)
	p := awss3.NewListMultipartUploadsPaginator(s.client, &awss3.ListMultipartUploadsInput{
		Bucket: aws.String(s.bucket),
		Prefix: aws.String(k),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return classify(op, err)
		}
		for _, u := range page.Uploads {
			if aws.ToString(u.Key) != k {
				continue
			}
			_, err := s.client.AbortMultipartUpload(ctx, &awss3.AbortMultipartUploadInput{
				Bucket: aws.String(s.bucket), Key: u.Key, UploadId: u.UploadId,
			})
			// An upload that completed or was aborted since the listing is gone already.
			if err != nil && !isCode(err, "NoSuchUpload") {
				return classify(op, err)
			}
		}
	}
	return nil
}
