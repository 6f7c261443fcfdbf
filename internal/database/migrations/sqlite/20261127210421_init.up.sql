-- create "settings" table
CREATE TABLE `settings` (`id` text NOT NULL, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `key` text NOT NULL, `value` text NOT NULL DEFAULT ('null'), PRIMARY KEY (`id`));
-- create index "settings_key_key" to table: "settings"
CREATE UNIQUE INDEX `settings_key_key` ON `settings` (`key`);
