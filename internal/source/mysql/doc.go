// Package mysql is the MySQL and MariaDB source (one adapter: they speak the same protocol):
// connection tests and database listings through go-sql-driver/mysql, with failures classified
// by the server's error numbers.
package mysql
