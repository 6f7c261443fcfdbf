package s3

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

const (
	// partSize is the multipart part size for objects of unknown size. S3 allows 10,000 parts,
	// so this caps such objects at 156 GiB; known sizes get bigger parts when they need them.
	partSize = 16 << 20
	// uploadConcurrency is how many parts upload at once; memory use is about
	// partSize × (uploadConcurrency + 1).
	uploadConcurrency = 4
	// abortTimeout bounds the abort of a failed multipart upload, which runs even after the
	// caller's context is cancelled so that no parts are left behind to be billed.
	abortTimeout = 30 * time.Second
)

func configureUploader(u *manager.Uploader) {
	u.PartSize = partSize
	u.Concurrency = uploadConcurrency
	// Put aborts failed uploads itself, with a context that outlives cancellation.
	u.LeavePartsOnError = true
}

// Put streams r through a multipart upload (a single PutObject when it fits in one part).
func (s *S3) Put(ctx context.Context, key string, r io.Reader, size int64) error {
	k, err := s.objectKey(key)
	if err != nil {
		return err
	}
	op := fmt.Sprintf("s3 put %q", key)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	in := &awss3.PutObjectInput{
		Bucket: aws.String(s.bucket),
		Key:    aws.String(k),
		// The wrapper also hides io.ReaderAt and io.Seeker, so the uploader always streams.
		Body: &exactReader{ctx: ctx, r: r, size: size},
	}
	if s.storageClass != "" {
		in.StorageClass = types.StorageClass(s.storageClass)
	}
	_, err = s.uploader.Upload(ctx, in, func(u *manager.Uploader) {
		if maxParts := int64(manager.MaxUploadParts); size > u.PartSize*maxParts {
			u.PartSize = size/maxParts + 1
		}
	})
	if err != nil {
		var mf manager.MultiUploadFailure
		if errors.As(err, &mf) {
			s.abort(ctx, k, mf.UploadID())
		}
		if cerr := ctx.Err(); cerr != nil {
			// Cancelled: say so first, whichever failure the SDK noticed first.
			return fmt.Errorf("%s: %w (%w)", op, cerr, err)
		}
		return classify(op, err)
	}
	return nil
}

// abort discards the parts of a failed upload, best effort: a bucket lifecycle rule is the
// backstop for uploads that could not be aborted.
func (s *S3) abort(ctx context.Context, key, uploadID string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), abortTimeout)
	defer cancel()
	_, _ = s.client.AbortMultipartUpload(ctx, &awss3.AbortMultipartUploadInput{
		Bucket: aws.String(s.bucket), Key: aws.String(key), UploadId: aws.String(uploadID),
	})
}

// errSizeMismatch fails an upload whose reader did not deliver the declared size.
var errSizeMismatch = errors.New("reader length differs from the declared size")

// exactReader stops reading once ctx is done and, when size is known, fails instead of reporting
// EOF if the data was shorter or longer, so that the upload is aborted rather than completed.
type exactReader struct {
	ctx  context.Context
	r    io.Reader
	size int64 // -1 if unknown
	read int64
}

func (e *exactReader) Read(p []byte) (int, error) {
	if err := e.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := e.r.Read(p)
	e.read += int64(n)
	if e.size >= 0 && (e.read > e.size || (err == io.EOF && e.read != e.size)) {
		return n, fmt.Errorf("%w: read %d bytes, expected %d", errSizeMismatch, e.read, e.size)
	}
	return n, err
}
