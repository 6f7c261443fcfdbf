-- reverse: modify "jobs" table
ALTER TABLE "jobs" DROP COLUMN "catch_up", DROP COLUMN "next_run_at";
-- reverse: modify "job_targets" table
ALTER TABLE "job_targets" DROP COLUMN "keep_days", DROP COLUMN "keep_yearly";
-- reverse: create index "execution_scheduled_for_execution_job" to table: "executions"
DROP INDEX "execution_scheduled_for_execution_job";
-- reverse: modify "executions" table
ALTER TABLE "executions" DROP COLUMN "scheduled_for";
