-- create "download_links" table
CREATE TABLE `download_links` (`id` text NOT NULL, `token_hash` text NOT NULL, `kind` text NOT NULL, `decrypt` bool NOT NULL DEFAULT (false), `profile_ids` json NULL, `created_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `used_at` datetime NULL, `download_link_backup` text NULL, `download_link_user` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `download_links_backups_backup` FOREIGN KEY (`download_link_backup`) REFERENCES `backups` (`id`) ON DELETE CASCADE, CONSTRAINT `download_links_users_user` FOREIGN KEY (`download_link_user`) REFERENCES `users` (`id`) ON DELETE CASCADE);
-- create index "download_links_token_hash_key" to table: "download_links"
CREATE UNIQUE INDEX `download_links_token_hash_key` ON `download_links` (`token_hash`);
-- create index "downloadlink_expires_at" to table: "download_links"
CREATE INDEX `downloadlink_expires_at` ON `download_links` (`expires_at`);
