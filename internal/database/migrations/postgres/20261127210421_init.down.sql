-- reverse: create index "settings_key_key" to table: "settings"
DROP INDEX "settings_key_key";
-- reverse: create "settings" table
DROP TABLE "settings";
