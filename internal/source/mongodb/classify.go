package mongodb

import (
	"errors"
	"io"
	"net"
	"strconv"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/auth"

	"github.com/dbackup/dbackup/internal/connerr"
	"github.com/dbackup/dbackup/internal/source"
)

// The server's error codes that classify tells apart (see MongoDB's error_codes.yml).
const (
	codeUnauthorized          = 13
	codeUserNotFound          = 11
	codeAuthenticationFailed  = 18
	codeNamespaceNotFound     = 26
	codeShutdownInProgress    = 91
	codeInterruptedAtShutdown = 11600
	codeMechanismUnavailable  = 334
)

// hintAuth is the advice for a rejected login.
const hintAuth = "check the username, the password and the authentication database (the database the user was created in)"

// classify maps the server's error codes and the driver's and dialer's errors onto connerr
// kinds. withUser says whether the source logs in: the server's Unauthorized is then a missing
// privilege, and without a login a missing one.
func classify(withUser bool) source.Classifier {
	return func(err error) (connerr.Kind, string, bool) {
		var (
			hsErr   *handshakeError
			srvErr  mongo.ServerError
			authErr *auth.Error
		)
		switch {
		case errors.As(err, &hsErr):
			if kind, hint, ok := source.ClassifyTLS(err); ok {
				return kind, hint, true
			}
			return connerr.TLS, "the server did not complete a TLS handshake: enable TLS on the server (net.tls.mode), or set TLS mode to disable", true
		case errors.As(err, &srvErr):
			return classifyCodes(srvErr.ErrorCodes(), withUser)
		case errors.As(err, &authErr):
			return connerr.Auth, hintAuth, true
		case errors.Is(err, ErrArchive):
			return connerr.Other, "the backup is damaged or was not written by DBackup's MongoDB dump: restore another backup", true
		case errors.Is(err, errNoDatabase):
			return connerr.NotFound, "check the database name: MongoDB creates a database with its first write, and the user may list only those it may read", true
		case errors.Is(err, errClosed), errors.Is(err, mongo.ErrClientDisconnected):
			return connerr.Other, "the source was closed: open it again", true
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return connerr.Other, "the server closed the connection: check that the port is MongoDB's, and set a TLS mode if the server requires TLS", true
		}
		var (
			unreachable *unreachableError
			netErr      net.Error
		)
		if errors.As(err, &unreachable) && !errors.As(err, &netErr) {
			// Network failures are left to source.Classify; anything else failed after
			// connecting, such as an answer in another protocol.
			return connerr.Other, "the server did not answer as MongoDB does: check the host and the port", true
		}
		return "", "", false
	}
}

// classifyCodes classifies the first code it knows of a server error.
func classifyCodes(codes []int, withUser bool) (connerr.Kind, string, bool) {
	for _, code := range codes {
		switch code {
		case codeAuthenticationFailed, codeUserNotFound:
			return connerr.Auth, hintAuth, true
		case codeMechanismUnavailable:
			return connerr.Auth, "the server does not offer the SCRAM login DBackup uses: enable SCRAM-SHA-256 or SCRAM-SHA-1 on the server", true
		case codeUnauthorized:
			if !withUser {
				return connerr.Auth, "the server requires a login: enter a username and password", true
			}
			return connerr.Permission, "grant the user the listDatabases action on the cluster (the backup role includes it) and read on the databases to back up", true
		case codeNamespaceNotFound:
			return connerr.NotFound, "check the database name; it does not exist on this server", true
		case codeShutdownInProgress, codeInterruptedAtShutdown:
			return connerr.Unreachable, "the server is shutting down: retry once it runs again", true
		}
	}
	if len(codes) == 0 {
		return "", "", false
	}
	return connerr.Other, "the server reported error code " + strconv.Itoa(codes[0]), true
}
