package s3_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/require"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/storage/s3"
	"github.com/dbackup/dbackup/internal/storage/s3/s3test"
	"github.com/dbackup/dbackup/internal/storage/storagetest"
	"github.com/dbackup/dbackup/internal/vault"
)

// config returns the settings of bucket on srv.
func config(srv *s3test.Server, bucket, prefix string) s3.Config {
	return s3.Config{
		Endpoint:        srv.Endpoint,
		Region:          s3test.Region,
		Bucket:          bucket,
		Prefix:          prefix,
		PathStyle:       true,
		AccessKeyID:     srv.AccessKey,
		SecretAccessKey: vault.NewSecret(srv.SecretKey),
	}
}

func open(t *testing.T, cfg s3.Config) *s3.S3 {
	s, err := s3.New(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	srv := s3test.Start(t)
	shared := srv.NewBucket(t)
	t.Run("prefix", func(t *testing.T) {
		// Every subtest gets its own prefix in one bucket, which also proves prefixes isolate.
		storagetest.Run(t, func(t *testing.T) storage.Storage {
			return open(t, config(srv, shared, "dbackup/"+randomHex()))
		})
	})
	t.Run("bucket root", func(t *testing.T) {
		storagetest.Run(t, func(t *testing.T) storage.Storage {
			return open(t, config(srv, srv.NewBucket(t), ""))
		})
	})
}

func TestFailedUploadsAborted(t *testing.T) {
	srv := s3test.Start(t)
	bucket := srv.NewBucket(t)
	s := open(t, config(srv, bucket, "p"))

	ctx, cancel := context.WithCancel(t.Context())
	r := &cancelReader{after: 40 << 20, cancel: cancel}
	require.ErrorIs(t, s.Put(ctx, "cancelled", r, -1), context.Canceled)
	require.Error(t, s.Put(t.Context(), "short", &cancelReader{after: 40 << 20}, 64<<20))

	out, err := srv.Client().ListMultipartUploads(t.Context(), &awss3.ListMultipartUploadsInput{Bucket: aws.String(bucket)})
	require.NoError(t, err)
	require.Empty(t, out.Uploads, "uploads left behind")
}

func TestStorageClass(t *testing.T) {
	srv := s3test.Start(t)
	cfg := config(srv, srv.NewBucket(t), "")
	cfg.StorageClass = "STANDARD"
	s := open(t, cfg)
	require.NoError(t, s.Put(t.Context(), "obj", bytes.NewReader([]byte("x")), 1))
}

func TestErrors(t *testing.T) {
	srv := s3test.Start(t)
	bucket := srv.NewBucket(t)

	tlsServer := httptest.NewUnstartedServer(http.NotFoundHandler())
	tlsServer.Config.ErrorLog = log.New(io.Discard, "", 0) // rejected handshakes are the point
	tlsServer.StartTLS()
	t.Cleanup(tlsServer.Close)

	for _, tc := range []struct {
		name   string
		change func(*s3.Config)
		want   connerr.Kind
	}{
		{"wrong secret", func(c *s3.Config) { c.SecretAccessKey = vault.NewSecret("wrong") }, connerr.Auth},
		{"unknown access key", func(c *s3.Config) { c.AccessKeyID = "NOSUCHKEY" }, connerr.Auth},
		{"missing bucket", func(c *s3.Config) { c.Bucket = "no-such-bucket" }, connerr.NotFound},
		{"unreachable", func(c *s3.Config) { c.Endpoint = "http://" + closedAddr(t) }, connerr.Unreachable},
		{"unknown host", func(c *s3.Config) { c.Endpoint = "http://no-such-host.invalid" }, connerr.Unreachable},
		{"untrusted certificate", func(c *s3.Config) { c.Endpoint = tlsServer.URL }, connerr.TLS},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := config(srv, bucket, "p")
			tc.change(&cfg)
			s := open(t, cfg)
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()

			err := s.Put(ctx, "obj", bytes.NewReader([]byte("x")), 1)
			require.Equal(t, tc.want, connerr.KindOf(err), "Put: %v", err)
			err = s.List(ctx, "", func(storage.Object) error { return nil })
			require.Equal(t, tc.want, connerr.KindOf(err), "List: %v", err)
			_, err = storage.Probe(ctx, s)
			require.Equal(t, tc.want, connerr.KindOf(err), "Probe: %v", err)
			require.NotContains(t, err.Error(), srv.SecretKey)
		})
	}
}

func TestProbe(t *testing.T) {
	srv := s3test.Start(t)
	s := open(t, config(srv, srv.NewBucket(t), "p"))
	res, err := storage.Probe(t.Context(), s)
	require.NoError(t, err)
	require.Positive(t, res.Latency)
	require.Positive(t, res.Size)
	var left []string
	require.NoError(t, s.List(t.Context(), "", func(o storage.Object) error { left = append(left, o.Key); return nil }))
	require.Empty(t, left, "the probe object is deleted")
}

// closedAddr returns a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

func randomHex() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

var errEnd = errors.New("reader ended on purpose")

// cancelReader yields zeros, calls cancel after the given number of bytes, and ends there.
type cancelReader struct {
	after, read int64
	cancel      func()
}

func (c *cancelReader) Read(p []byte) (int, error) {
	if c.read >= c.after {
		if c.cancel != nil {
			c.cancel()
			c.cancel = nil
		}
		return 0, errEnd
	}
	p = p[:min(int64(len(p)), c.after-c.read)]
	clear(p)
	c.read += int64(len(p))
	return len(p), nil
}
