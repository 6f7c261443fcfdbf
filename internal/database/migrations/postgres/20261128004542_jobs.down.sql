-- reverse: create "job_targets" table
DROP TABLE "job_targets";
-- reverse: create index "jobs_name_key" to table: "jobs"
DROP INDEX "jobs_name_key";
-- reverse: create "jobs" table
DROP TABLE "jobs";
