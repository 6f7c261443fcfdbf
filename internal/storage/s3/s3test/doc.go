// Package s3test starts a real S3 server for tests: versitygw, serving a temporary folder on a
// free loopback port. The binary is built once by scripts/test.sh into .cache/bin; a missing
// binary fails the test, because CI must never skip the S3 tests.
package s3test
