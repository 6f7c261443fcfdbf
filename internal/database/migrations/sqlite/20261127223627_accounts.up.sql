-- Hand-written instead of Atlas's table rebuild: the migration runs in a transaction, where
-- PRAGMA foreign_keys = off does nothing, so DROP TABLE users would cascade-delete every group
-- membership and detach every API key. ADD COLUMN keeps the rows and their references.
-- add columns to "users"
ALTER TABLE `users` ADD COLUMN `totp_enabled` bool NOT NULL DEFAULT false;
ALTER TABLE `users` ADD COLUMN `totp_last_step` integer NULL;
ALTER TABLE `users` ADD COLUMN `recovery_codes` text NULL;
ALTER TABLE `users` ADD COLUMN `last_login_at` datetime NULL;
-- create "sessions" table
CREATE TABLE `sessions` (`id` text NOT NULL, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `token_hash` text NOT NULL, `expires_at` datetime NOT NULL, `last_seen_at` datetime NOT NULL, `ip` text NULL, `user_agent` text NULL, `user_sessions` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `sessions_users_sessions` FOREIGN KEY (`user_sessions`) REFERENCES `users` (`id`) ON DELETE CASCADE);
-- create index "sessions_token_hash_key" to table: "sessions"
CREATE UNIQUE INDEX `sessions_token_hash_key` ON `sessions` (`token_hash`);
-- create index "session_expires_at" to table: "sessions"
CREATE INDEX `session_expires_at` ON `sessions` (`expires_at`);
