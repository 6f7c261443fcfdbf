-- reverse: create index "session_expires_at" to table: "sessions"
DROP INDEX `session_expires_at`;
-- reverse: create index "sessions_token_hash_key" to table: "sessions"
DROP INDEX `sessions_token_hash_key`;
-- reverse: create "sessions" table
DROP TABLE `sessions`;
-- reverse: add columns to "users"
ALTER TABLE `users` DROP COLUMN `last_login_at`;
ALTER TABLE `users` DROP COLUMN `recovery_codes`;
ALTER TABLE `users` DROP COLUMN `totp_last_step`;
ALTER TABLE `users` DROP COLUMN `totp_enabled`;
