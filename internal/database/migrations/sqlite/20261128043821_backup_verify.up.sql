-- add column "verified_at" to table: "backups"
ALTER TABLE `backups` ADD COLUMN `verified_at` datetime NULL;
-- add column "verify_ok" to table: "backups"
ALTER TABLE `backups` ADD COLUMN `verify_ok` bool NULL;
-- add column "verify_error" to table: "backups"
ALTER TABLE `backups` ADD COLUMN `verify_error` text NULL;
