-- reverse: modify "executions" table
ALTER TABLE "executions" DROP CONSTRAINT "executions_sources_source", DROP CONSTRAINT "executions_jobs_job", DROP CONSTRAINT "executions_backups_restored_backup";
-- reverse: modify "backups" table
ALTER TABLE "backups" DROP CONSTRAINT "backups_jobs_job", DROP CONSTRAINT "backups_executions_execution", DROP CONSTRAINT "backups_destinations_destination";
-- reverse: create index "execution_status" to table: "executions"
DROP INDEX "execution_status";
-- reverse: create index "execution_create_time" to table: "executions"
DROP INDEX "execution_create_time";
-- reverse: create "executions" table
DROP TABLE "executions";
-- reverse: create index "backup_object_key_backup_destination" to table: "backups"
DROP INDEX "backup_object_key_backup_destination";
-- reverse: create "backups" table
DROP TABLE "backups";
-- reverse: modify "jobs" table
ALTER TABLE "jobs" DROP COLUMN "name_template";
