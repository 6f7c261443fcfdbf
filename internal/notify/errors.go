package notify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"time"
)

// SendError is a failed delivery. Its message names the channel kind and the step that failed,
// and has every secret of the channel replaced by "***".
type SendError struct {
	Kind Kind
	// Op is the step that failed, such as "post to Slack".
	Op string
	// StatusCode is the HTTP status, or for Telegram its error_code; 0 when there was no
	// response.
	StatusCode int
	// RetryAfter is how long the service asked to wait, from Retry-After or Telegram's
	// retry_after; 0 when it did not say.
	RetryAfter time.Duration
	// Detail is what went wrong, redacted: a response body snippet or a transport error.
	Detail    string
	temporary bool
	err       error
}

func (e *SendError) Error() string {
	msg := fmt.Sprintf("notify %s: %s", e.Kind, e.Op)
	if e.StatusCode != 0 {
		msg += fmt.Sprintf(": status %d", e.StatusCode)
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Temporary reports whether sending again later can succeed: rate limits, server errors and
// network failures are temporary; a rejected payload, a wrong token or an untrusted
// certificate are not.
func (e *SendError) Temporary() bool { return e.temporary }

// Unwrap returns the cause with any URL stripped, so that errors.Is(err, context.Canceled)
// works; its own message may still be unredacted, so print the SendError, not the cause.
func (e *SendError) Unwrap() error { return e.err }

// IsTemporary reports whether err, or an error it wraps, says retrying can help.
func IsTemporary(err error) bool {
	var t interface{ Temporary() bool }
	return errors.As(err, &t) && t.Temporary()
}

// transportError classifies an error that came before any response: the caller cancelling and
// certificate problems are permanent, everything else on the network is temporary. red removes
// the channel's secrets from its message.
func transportError(k Kind, op string, err error, red redactor) *SendError {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		// url.Error prints the request URL, which may hold a token: keep only its cause.
		err = uerr.Err
	}
	return &SendError{Kind: k, Op: op, Detail: red.clean(err.Error()), temporary: retryable(err), err: err}
}

// retryable reports whether a transport error may go away by itself.
func retryable(err error) bool {
	var (
		unknownCA x509.UnknownAuthorityError
		invalid   x509.CertificateInvalidError
		hostname  x509.HostnameError
		verify    *tls.CertificateVerificationError
		recordHdr tls.RecordHeaderError
		dnsErr    *net.DNSError
	)
	switch {
	case errors.Is(err, context.Canceled):
		return false
	case errors.As(err, &unknownCA), errors.As(err, &invalid), errors.As(err, &hostname),
		errors.As(err, &verify), errors.As(err, &recordHdr):
		return false
	case errors.As(err, &dnsErr):
		return !dnsErr.IsNotFound
	}
	return true
}
