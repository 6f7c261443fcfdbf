-- reverse: create index "execution_scheduled_for_execution_job" to table: "executions"
DROP INDEX `execution_scheduled_for_execution_job`;
-- reverse: create index "execution_create_time" to table: "executions"
DROP INDEX `execution_create_time`;
-- reverse: create index "execution_status" to table: "executions"
DROP INDEX `execution_status`;
-- reverse: create "new_executions" table
DROP TABLE `new_executions`;
-- reverse: add column "keep_days" to table: "job_targets"
ALTER TABLE `job_targets` DROP COLUMN `keep_days`;
-- reverse: add column "keep_yearly" to table: "job_targets"
ALTER TABLE `job_targets` DROP COLUMN `keep_yearly`;
-- reverse: create index "jobs_name_key" to table: "jobs"
DROP INDEX `jobs_name_key`;
-- reverse: create "new_jobs" table
DROP TABLE `new_jobs`;
