// Package mongotest starts a real MongoDB wire-protocol server for tests: FerretDB with its
// SQLite backend, serving a temporary folder on a free loopback port. The binary is built once
// from scripts/ferretdb (its own Go module, so that FerretDB stays out of DBackup's go.mod) by
// scripts/test.sh into .cache/bin. A missing binary fails the test with instructions to build it;
// nothing skips.
//
// StartTLS starts one that speaks TLS only, with certificates from a fresh CA, optionally
// requiring a client certificate.
//
// The server has no users: the embeddable FerretDB 1.24 cannot turn on authentication, so it
// lets every client in without credentials and rejects every SCRAM login.
package mongotest
