-- modify "executions" table
ALTER TABLE "executions" ADD COLUMN "scheduled_for" timestamptz NULL;
-- create index "execution_scheduled_for_execution_job" to table: "executions"
CREATE UNIQUE INDEX "execution_scheduled_for_execution_job" ON "executions" ("scheduled_for", "execution_job");
-- modify "job_targets" table
ALTER TABLE "job_targets" ADD COLUMN "keep_yearly" bigint NULL, ADD COLUMN "keep_days" bigint NULL;
-- modify "jobs" table
ALTER TABLE "jobs" ADD COLUMN "next_run_at" timestamptz NULL, ADD COLUMN "catch_up" character varying NOT NULL DEFAULT 'run_once';
