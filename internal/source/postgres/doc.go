// Package postgres is the PostgreSQL source: connection tests and database listings through
// pgx, with TLS modes mapped onto pgx's sslmode semantics and failures classified by SQLSTATE.
package postgres
