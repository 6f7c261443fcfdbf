-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_jobs" table
CREATE TABLE `new_jobs` (`id` text NOT NULL, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `name` text NOT NULL, `databases` json NULL, `compression` text NOT NULL DEFAULT ('zstd'), `schedule` text NULL, `timezone` text NOT NULL DEFAULT ('UTC'), `enabled` bool NOT NULL DEFAULT (true), `next_run_at` datetime NULL, `catch_up` text NOT NULL DEFAULT ('run_once'), `name_template` text NULL, `job_source` text NOT NULL, `job_encryption_profile` text NULL, PRIMARY KEY (`id`), CONSTRAINT `jobs_sources_source` FOREIGN KEY (`job_source`) REFERENCES `sources` (`id`) ON DELETE NO ACTION, CONSTRAINT `jobs_encryption_profiles_encryption_profile` FOREIGN KEY (`job_encryption_profile`) REFERENCES `encryption_profiles` (`id`) ON DELETE SET NULL);
-- copy rows from old table "jobs" to new temporary table "new_jobs"
INSERT INTO `new_jobs` (`id`, `create_time`, `update_time`, `name`, `databases`, `compression`, `schedule`, `timezone`, `enabled`, `name_template`, `job_source`, `job_encryption_profile`) SELECT `id`, `create_time`, `update_time`, `name`, `databases`, `compression`, `schedule`, `timezone`, `enabled`, `name_template`, `job_source`, `job_encryption_profile` FROM `jobs`;
-- drop "jobs" table after copying rows
DROP TABLE `jobs`;
-- rename temporary table "new_jobs" to "jobs"
ALTER TABLE `new_jobs` RENAME TO `jobs`;
-- create index "jobs_name_key" to table: "jobs"
CREATE UNIQUE INDEX `jobs_name_key` ON `jobs` (`name`);
-- add column "keep_yearly" to table: "job_targets"
ALTER TABLE `job_targets` ADD COLUMN `keep_yearly` integer NULL;
-- add column "keep_days" to table: "job_targets"
ALTER TABLE `job_targets` ADD COLUMN `keep_days` integer NULL;
-- create "new_executions" table
CREATE TABLE `new_executions` (`id` text NOT NULL, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `kind` text NOT NULL, `status` text NOT NULL DEFAULT ('QUEUED'), `phase` text NOT NULL DEFAULT ('queued'), `trigger` text NOT NULL DEFAULT ('manual'), `scheduled_for` datetime NULL, `job_name` text NULL, `databases` json NULL, `database_mapping` json NULL, `started_at` datetime NULL, `finished_at` datetime NULL, `heartbeat_at` datetime NULL, `node` text NULL, `dump_bytes` integer NOT NULL DEFAULT (0), `size` integer NOT NULL DEFAULT (0), `total_bytes` integer NOT NULL DEFAULT (0), `sha256` text NULL, `object_key` text NULL, `targets` json NULL, `log` json NULL, `error` text NULL, `error_code` text NULL, `cancel_requested` bool NOT NULL DEFAULT (false), `queue_job_id` integer NULL, `execution_job` text NULL, `execution_source` text NULL, `execution_restored_backup` text NULL, PRIMARY KEY (`id`), CONSTRAINT `executions_jobs_job` FOREIGN KEY (`execution_job`) REFERENCES `jobs` (`id`) ON DELETE SET NULL, CONSTRAINT `executions_sources_source` FOREIGN KEY (`execution_source`) REFERENCES `sources` (`id`) ON DELETE SET NULL, CONSTRAINT `executions_backups_restored_backup` FOREIGN KEY (`execution_restored_backup`) REFERENCES `backups` (`id`) ON DELETE SET NULL);
-- copy rows from old table "executions" to new temporary table "new_executions"
INSERT INTO `new_executions` (`id`, `create_time`, `update_time`, `kind`, `status`, `phase`, `trigger`, `job_name`, `databases`, `database_mapping`, `started_at`, `finished_at`, `heartbeat_at`, `node`, `dump_bytes`, `size`, `total_bytes`, `sha256`, `object_key`, `targets`, `log`, `error`, `error_code`, `cancel_requested`, `queue_job_id`, `execution_job`, `execution_source`, `execution_restored_backup`) SELECT `id`, `create_time`, `update_time`, `kind`, `status`, `phase`, `trigger`, `job_name`, `databases`, `database_mapping`, `started_at`, `finished_at`, `heartbeat_at`, `node`, `dump_bytes`, `size`, `total_bytes`, `sha256`, `object_key`, `targets`, `log`, `error`, `error_code`, `cancel_requested`, `queue_job_id`, `execution_job`, `execution_source`, `execution_restored_backup` FROM `executions`;
-- drop "executions" table after copying rows
DROP TABLE `executions`;
-- rename temporary table "new_executions" to "executions"
ALTER TABLE `new_executions` RENAME TO `executions`;
-- create index "execution_status" to table: "executions"
CREATE INDEX `execution_status` ON `executions` (`status`);
-- create index "execution_create_time" to table: "executions"
CREATE INDEX `execution_create_time` ON `executions` (`create_time`);
-- create index "execution_scheduled_for_execution_job" to table: "executions"
CREATE UNIQUE INDEX `execution_scheduled_for_execution_job` ON `executions` (`scheduled_for`, `execution_job`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
