-- reverse: create index "execution_create_time" to table: "executions"
DROP INDEX `execution_create_time`;
-- reverse: create index "execution_status" to table: "executions"
DROP INDEX `execution_status`;
-- reverse: create "executions" table
DROP TABLE `executions`;
-- reverse: create index "backup_object_key_backup_destination" to table: "backups"
DROP INDEX `backup_object_key_backup_destination`;
-- reverse: create "backups" table
DROP TABLE `backups`;
-- reverse: add column "name_template" to table: "jobs"
ALTER TABLE `jobs` DROP COLUMN `name_template`;
