-- modify "users" table
ALTER TABLE "users" ADD COLUMN "totp_enabled" boolean NOT NULL DEFAULT false, ADD COLUMN "totp_last_step" bigint NULL, ADD COLUMN "recovery_codes" character varying NULL, ADD COLUMN "last_login_at" timestamptz NULL;
-- create "sessions" table
CREATE TABLE "sessions" ("id" character varying NOT NULL, "create_time" timestamptz NOT NULL, "update_time" timestamptz NOT NULL, "token_hash" character varying NOT NULL, "expires_at" timestamptz NOT NULL, "last_seen_at" timestamptz NOT NULL, "ip" character varying NULL, "user_agent" character varying NULL, "user_sessions" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "sessions_users_sessions" FOREIGN KEY ("user_sessions") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create index "session_expires_at" to table: "sessions"
CREATE INDEX "session_expires_at" ON "sessions" ("expires_at");
-- create index "sessions_token_hash_key" to table: "sessions"
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions" ("token_hash");
