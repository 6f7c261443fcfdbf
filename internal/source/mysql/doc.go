// Package mysql is the MySQL and MariaDB source (one adapter: they speak the same protocol):
// connection tests and database listings through go-sql-driver/mysql, with failures classified
// by the server's error numbers, and dumps and restores through the mariadb-dump and mariadb
// client tools (or MySQL's mysqldump and mysql), which receive their credentials in a private
// option file, never on the command line.
package mysql
