-- create "download_links" table
CREATE TABLE "download_links" ("id" character varying NOT NULL, "token_hash" character varying NOT NULL, "kind" character varying NOT NULL, "decrypt" boolean NOT NULL DEFAULT false, "profile_ids" jsonb NULL, "created_at" timestamptz NOT NULL, "expires_at" timestamptz NOT NULL, "used_at" timestamptz NULL, "download_link_backup" character varying NULL, "download_link_user" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "download_links_backups_backup" FOREIGN KEY ("download_link_backup") REFERENCES "backups" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "download_links_users_user" FOREIGN KEY ("download_link_user") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create index "download_links_token_hash_key" to table: "download_links"
CREATE UNIQUE INDEX "download_links_token_hash_key" ON "download_links" ("token_hash");
-- create index "downloadlink_expires_at" to table: "download_links"
CREATE INDEX "downloadlink_expires_at" ON "download_links" ("expires_at");
