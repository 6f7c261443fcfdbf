package mysql

import (
	"errors"
	"strconv"

	"github.com/go-sql-driver/mysql"

	"github.com/dbackup/dbackup/internal/connerr"
)

// classify maps the server's error numbers and the driver's sentinels onto connerr kinds.
func classify(err error) (connerr.Kind, string, bool) {
	if errors.Is(err, mysql.ErrNoTLS) {
		return connerr.TLS, "the server does not support TLS: enable it on the server, or set TLS mode to prefer or disable", true
	}
	var myErr *mysql.MySQLError
	if !errors.As(err, &myErr) {
		return "", "", false
	}
	switch myErr.Number {
	case 1045: // ER_ACCESS_DENIED_ERROR
		return connerr.Auth, "check the username and password", true
	case 1698: // ER_ACCESS_DENIED_NO_PASSWORD_ERROR: the account authenticates by socket or has no password
		return connerr.Auth, "the account cannot log in with a password over TCP: give it a password (mysql_native_password or caching_sha2_password)", true
	case 1130: // ER_HOST_NOT_PRIVILEGED: no account for this user from DBackup's address
		return connerr.Auth, "create the account for DBackup's host (such as 'user'@'%'), or connect as one that exists", true
	case 1049: // ER_BAD_DB_ERROR
		return connerr.NotFound, "check the database name; it does not exist on this server", true
	case 1044, 1142, 1143, 1227, 1370: // DBACCESS, TABLEACCESS, COLUMNACCESS, SPECIFIC_ACCESS, PROCACCESS denied
		return connerr.Permission, "grant the user access to the database (SELECT, SHOW VIEW, TRIGGER, LOCK TABLES, EVENT for backups)", true
	case 3159: // ER_SECURE_TRANSPORT_REQUIRED (MySQL)
		return connerr.TLS, "the server requires TLS: set TLS mode to require or stricter", true
	case 1040: // ER_CON_COUNT_ERROR
		return connerr.Other, "the server has no free connections: raise max_connections or retry later", true
	case 1129: // ER_HOST_IS_BLOCKED
		return connerr.Other, "the server blocked DBackup's host after failed connections: run FLUSH HOSTS on the server", true
	}
	return connerr.Other, "the server reported error " + strconv.Itoa(int(myErr.Number)), true
}
