-- create "settings" table
CREATE TABLE "settings" ("id" character varying NOT NULL, "create_time" timestamptz NOT NULL, "update_time" timestamptz NOT NULL, "key" character varying NOT NULL, "value" character varying NOT NULL DEFAULT 'null', PRIMARY KEY ("id"));
-- create index "settings_key_key" to table: "settings"
CREATE UNIQUE INDEX "settings_key_key" ON "settings" ("key");
