// Package postgres is the PostgreSQL source: connection tests and database listings through
// pgx, with TLS modes mapped onto pgx's sslmode semantics and failures classified by SQLSTATE;
// dumps and restores through pg_dump and pg_restore, chosen to match the server's version.
package postgres
