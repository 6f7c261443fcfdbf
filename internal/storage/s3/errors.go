package s3

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/dbackup/dbackup/internal/connerr"
)

// Hints shown with classified errors.
const (
	hintAuth       = "check the access key ID and secret access key"
	hintPermission = "grant the key s3:PutObject, s3:GetObject, s3:ListBucket, s3:DeleteObject, s3:AbortMultipartUpload and s3:ListBucketMultipartUploads on the bucket"
	hintBucket     = "create the bucket, or fix its name, endpoint and region"
	hintRegion     = "set the region the bucket was created in"
	hintTLS        = "check the endpoint's certificate (a private CA must be trusted by the DBackup host), or use http:// if the service has no TLS"
	hintNetwork    = "check the endpoint's host name and port, and that a firewall lets DBackup reach it"
)

// classify wraps err with op, as a *connerr.Error when its cause is something the user can fix.
func classify(op string, err error) error {
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("%s: %w", op, err)
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "NoSuchBucket":
			return connerr.New(connerr.NotFound, op, err, hintBucket)
		// versitygw answers XAdminUserNotFound (with status 404) where S3 says InvalidAccessKeyId.
		case "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken", "InvalidSecurity", "XAdminUserNotFound":
			return connerr.New(connerr.Auth, op, err, hintAuth)
		case "AccessDenied", "AllAccessDisabled", "AccountProblem":
			return connerr.New(connerr.Permission, op, err, hintPermission)
		case "AuthorizationHeaderMalformed", "PermanentRedirect", "IllegalLocationConstraintException":
			return connerr.New(connerr.Config, "region", err, hintRegion)
		case "InvalidStorageClass":
			return connerr.New(connerr.Config, "storage_class", err, "choose a storage class the service supports, or leave it empty")
		case "InvalidBucketName":
			return connerr.New(connerr.Config, "bucket", err, "fix the bucket name")
		}
	}
	switch {
	case isStatus(err, 401):
		return connerr.New(connerr.Auth, op, err, hintAuth)
	case isStatus(err, 403):
		return connerr.New(connerr.Permission, op, err, hintPermission)
	case isStatus(err, 301):
		return connerr.New(connerr.Config, "region", err, hintRegion)
	case isTLS(err):
		return connerr.New(connerr.TLS, op, err, hintTLS)
	case isNetwork(err):
		return connerr.New(connerr.Unreachable, op, err, hintNetwork)
	}
	return fmt.Errorf("%s: %w", op, err)
}

func isTLS(err error) bool {
	var (
		unknownCA   x509.UnknownAuthorityError
		hostname    x509.HostnameError
		invalid     x509.CertificateInvalidError
		verify      *tls.CertificateVerificationError
		recordHdr   tls.RecordHeaderError
		alert       tls.AlertError
		constraints x509.ConstraintViolationError
	)
	return errors.As(err, &unknownCA) || errors.As(err, &hostname) || errors.As(err, &invalid) ||
		errors.As(err, &verify) || errors.As(err, &recordHdr) || errors.As(err, &alert) || errors.As(err, &constraints)
}

func isNetwork(err error) bool {
	var (
		dns *net.DNSError
		op  *net.OpError
		ne  net.Error
	)
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &dns) || errors.As(err, &op) ||
		(errors.As(err, &ne) && ne.Timeout())
}

// isStatus reports whether err is an HTTP response with the given status.
func isStatus(err error, status int) bool {
	var re *smithyhttp.ResponseError
	return errors.As(err, &re) && re.HTTPStatusCode() == status
}

// isCode reports whether err is an S3 error with the given code.
func isCode(err error, code string) bool {
	var api smithy.APIError
	return errors.As(err, &api) && api.ErrorCode() == code
}
