package postgres

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/dbackup/dbackup/internal/connerr"
)

// classify maps the server's SQLSTATE codes onto connerr kinds.
func classify(err error) (connerr.Kind, string, bool) {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return "", "", false
	}
	switch pgErr.Code {
	case "28P01": // invalid_password
		return connerr.Auth, "check the username and password", true
	case "28000": // invalid_authorization_specification: unknown role, or no pg_hba.conf entry
		return connerr.Auth, "check the username, and that pg_hba.conf lets this user connect from DBackup's address", true
	case "3D000": // invalid_catalog_name
		return connerr.NotFound, "check the database name; it does not exist on this server", true
	case "42501": // insufficient_privilege
		return connerr.Permission, "grant the user CONNECT on the database (and the rights a backup needs)", true
	case "53300": // too_many_connections
		return connerr.Other, "the server has no free connections: raise max_connections or retry later", true
	case "57P03": // cannot_connect_now
		return connerr.Unreachable, "the server is starting up or shutting down: retry shortly", true
	}
	return connerr.Other, "the server reported SQLSTATE " + pgErr.Code, true
}

// sslRequestCode is the protocol's SSLRequest message code (1234 << 16 | 5679).
const sslRequestCode = 80877103

// acceptsTLS sends an SSLRequest to addr and reports whether the server answered 'S'. It opens
// a connection of its own and closes it; no credentials are sent.
func acceptsTLS(ctx context.Context, addr string, timeout time.Duration) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	if deadline, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(deadline)
	}
	msg := make([]byte, 8)
	binary.BigEndian.PutUint32(msg[0:4], 8)
	binary.BigEndian.PutUint32(msg[4:8], sslRequestCode)
	if _, err := conn.Write(msg); err != nil {
		return false, err
	}
	answer := make([]byte, 1)
	if _, err := io.ReadFull(conn, answer); err != nil {
		return false, err
	}
	return answer[0] == 'S', nil
}
