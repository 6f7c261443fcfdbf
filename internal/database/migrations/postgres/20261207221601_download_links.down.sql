-- reverse: create index "downloadlink_expires_at" to table: "download_links"
DROP INDEX "downloadlink_expires_at";
-- reverse: create index "download_links_token_hash_key" to table: "download_links"
DROP INDEX "download_links_token_hash_key";
-- reverse: create "download_links" table
DROP TABLE "download_links";
