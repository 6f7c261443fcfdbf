-- reverse: add column "verify_error" to table: "backups"
ALTER TABLE `backups` DROP COLUMN `verify_error`;
-- reverse: add column "verify_ok" to table: "backups"
ALTER TABLE `backups` DROP COLUMN `verify_ok`;
-- reverse: add column "verified_at" to table: "backups"
ALTER TABLE `backups` DROP COLUMN `verified_at`;
