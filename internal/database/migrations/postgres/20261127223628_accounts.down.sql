-- reverse: create index "sessions_token_hash_key" to table: "sessions"
DROP INDEX "sessions_token_hash_key";
-- reverse: create index "session_expires_at" to table: "sessions"
DROP INDEX "session_expires_at";
-- reverse: create "sessions" table
DROP TABLE "sessions";
-- reverse: modify "users" table
ALTER TABLE "users" DROP COLUMN "last_login_at", DROP COLUMN "recovery_codes", DROP COLUMN "totp_last_step", DROP COLUMN "totp_enabled";
