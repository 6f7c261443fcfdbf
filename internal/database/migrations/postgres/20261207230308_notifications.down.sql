-- reverse: create index "notificationdelivery_status" to table: "notification_deliveries"
DROP INDEX "notificationdelivery_status";
-- reverse: create index "notificationdelivery_created_at" to table: "notification_deliveries"
DROP INDEX "notificationdelivery_created_at";
-- reverse: create "notification_deliveries" table
DROP TABLE "notification_deliveries";
-- reverse: create "job_notify_success" table
DROP TABLE "job_notify_success";
-- reverse: create "job_notify_partial" table
DROP TABLE "job_notify_partial";
-- reverse: create "job_notify_failure" table
DROP TABLE "job_notify_failure";
-- reverse: create index "notification_channels_name_key" to table: "notification_channels"
DROP INDEX "notification_channels_name_key";
-- reverse: create "notification_channels" table
DROP TABLE "notification_channels";
