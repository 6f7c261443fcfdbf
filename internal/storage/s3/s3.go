package s3

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/vault"
)

// DefaultRegion is used when Config.Region is empty; S3-compatible services mostly ignore it.
const DefaultRegion = "us-east-1"

// Config is the settings of an S3 storage.
type Config struct {
	// Endpoint is the URL of an S3-compatible service, such as https://minio.example.com:9000;
	// empty means Amazon S3.
	Endpoint string
	Region   string
	Bucket   string
	// Prefix is prepended to every key, so that several destinations can share a bucket.
	Prefix string
	// PathStyle addresses the bucket as endpoint/bucket rather than bucket.endpoint, which most
	// self-hosted services need.
	PathStyle bool
	// StorageClass is sent with every upload, such as STANDARD_IA; empty means the bucket's default.
	StorageClass    string
	AccessKeyID     string
	SecretAccessKey vault.Secret
}

// Validate checks the settings without connecting. Errors are connerr.Config errors whose Op
// is the setting's field name.
func (c Config) Validate() error {
	if c.Endpoint != "" {
		u, err := url.Parse(c.Endpoint)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return storage.ConfigError("endpoint", "enter a URL such as https://s3.example.com:9000, or leave it empty for Amazon S3",
				"endpoint %q is not an http:// or https:// URL", c.Endpoint)
		}
	}
	switch {
	case c.Bucket == "":
		return storage.ConfigError("bucket", "enter the name of an existing bucket", "bucket is required")
	case strings.ContainsAny(c.Bucket, "/ \t\n"):
		return storage.ConfigError("bucket", "enter the bucket name alone; put folders in the prefix", "bucket %q contains a slash or space", c.Bucket)
	case strings.ContainsAny(c.Region, "/ \t\n"):
		return storage.ConfigError("region", "enter a region such as eu-west-1", "region %q is malformed", c.Region)
	case c.AccessKeyID == "":
		return storage.ConfigError("access_key_id", "enter the access key ID", "access key ID is required")
	case c.SecretAccessKey.IsEmpty():
		return storage.ConfigError("secret_access_key", "enter the secret access key", "secret access key is required")
	}
	if p := strings.Trim(c.Prefix, "/"); p != "" {
		if err := storage.CheckKey(p); err != nil {
			return storage.ConfigError("prefix", "use a path such as backups/prod, without . or .. or empty parts", "prefix: %v", err)
		}
	}
	for _, r := range c.StorageClass {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') && r != '_' {
			return storage.ConfigError("storage_class", "use a class such as STANDARD_IA, or leave it empty",
				"storage class %q is malformed", c.StorageClass)
		}
	}
	return nil
}

// S3 is a bucket, or a prefix in a bucket.
type S3 struct {
	client   *awss3.Client
	uploader *manager.Uploader
	bucket   string
	// root is the normalised Config.Prefix: empty, or ending in "/".
	root         string
	storageClass string
	transport    *http.Transport
}

var _ storage.Storage = (*S3)(nil)

// New returns the storage of cfg. It does not connect: storage.Probe tests the connection.
func New(cfg Config) (*S3, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	region := cfg.Region
	if region == "" {
		region = DefaultRegion
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	opts := awss3.Options{
		Region:       region,
		Credentials:  aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(cfg.AccessKeyID, cfg.SecretAccessKey.Reveal(), "")),
		UsePathStyle: cfg.PathStyle,
		HTTPClient:   &http.Client{Transport: transport},
		// Many S3-compatible services reject the CRC checksums the SDK sends by default.
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
	}
	if cfg.Endpoint != "" {
		opts.BaseEndpoint = aws.String(cfg.Endpoint)
	}
	client := awss3.New(opts)
	root := strings.Trim(cfg.Prefix, "/")
	if root != "" {
		root += "/"
	}
	return &S3{
		client:       client,
		uploader:     manager.NewUploader(client, configureUploader),
		bucket:       cfg.Bucket,
		root:         root,
		storageClass: cfg.StorageClass,
		transport:    transport,
	}, nil
}

// Client returns the SDK client, for tests and tools that need S3 operations beyond Storage.
func (s *S3) Client() *awss3.Client { return s.client }

// Close closes idle connections; requests still running go on.
func (s *S3) Close() error {
	s.transport.CloseIdleConnections()
	return nil
}

// objectKey maps a storage key to the S3 key.
func (s *S3) objectKey(key string) (string, error) {
	if err := storage.CheckKey(key); err != nil {
		return "", fmt.Errorf("s3: %w", err)
	}
	return s.root + key, nil
}
