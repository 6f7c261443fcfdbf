-- create "notification_channels" table
CREATE TABLE `notification_channels` (`id` text NOT NULL, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `name` text NOT NULL, `kind` text NOT NULL, `settings` json NULL, `enabled` bool NOT NULL DEFAULT (true), `system_events` json NULL, `password` text NULL, `secret` text NULL, `headers` text NULL, `webhook_url` text NULL, `bot_token` text NULL, `access_token` text NULL, `app_token` text NULL, PRIMARY KEY (`id`));
-- create index "notification_channels_name_key" to table: "notification_channels"
CREATE UNIQUE INDEX `notification_channels_name_key` ON `notification_channels` (`name`);
-- create "notification_deliveries" table
CREATE TABLE `notification_deliveries` (`id` text NOT NULL, `created_at` datetime NOT NULL, `event_type` text NOT NULL, `title` text NOT NULL, `status` text NOT NULL DEFAULT ('PENDING'), `attempts` integer NOT NULL DEFAULT (0), `error` text NULL, `sent_at` datetime NULL, `event` json NOT NULL, `notification_channel_deliveries` text NOT NULL, `notification_delivery_execution` text NULL, PRIMARY KEY (`id`), CONSTRAINT `notification_deliveries_notification_channels_deliveries` FOREIGN KEY (`notification_channel_deliveries`) REFERENCES `notification_channels` (`id`) ON DELETE CASCADE, CONSTRAINT `notification_deliveries_executions_execution` FOREIGN KEY (`notification_delivery_execution`) REFERENCES `executions` (`id`) ON DELETE SET NULL);
-- create index "notificationdelivery_created_at" to table: "notification_deliveries"
CREATE INDEX `notificationdelivery_created_at` ON `notification_deliveries` (`created_at`);
-- create index "notificationdelivery_status" to table: "notification_deliveries"
CREATE INDEX `notificationdelivery_status` ON `notification_deliveries` (`status`);
-- create "job_notify_success" table
CREATE TABLE `job_notify_success` (`job_id` text NOT NULL, `notification_channel_id` text NOT NULL, PRIMARY KEY (`job_id`, `notification_channel_id`), CONSTRAINT `job_notify_success_job_id` FOREIGN KEY (`job_id`) REFERENCES `jobs` (`id`) ON DELETE CASCADE, CONSTRAINT `job_notify_success_notification_channel_id` FOREIGN KEY (`notification_channel_id`) REFERENCES `notification_channels` (`id`) ON DELETE CASCADE);
-- create "job_notify_partial" table
CREATE TABLE `job_notify_partial` (`job_id` text NOT NULL, `notification_channel_id` text NOT NULL, PRIMARY KEY (`job_id`, `notification_channel_id`), CONSTRAINT `job_notify_partial_job_id` FOREIGN KEY (`job_id`) REFERENCES `jobs` (`id`) ON DELETE CASCADE, CONSTRAINT `job_notify_partial_notification_channel_id` FOREIGN KEY (`notification_channel_id`) REFERENCES `notification_channels` (`id`) ON DELETE CASCADE);
-- create "job_notify_failure" table
CREATE TABLE `job_notify_failure` (`job_id` text NOT NULL, `notification_channel_id` text NOT NULL, PRIMARY KEY (`job_id`, `notification_channel_id`), CONSTRAINT `job_notify_failure_job_id` FOREIGN KEY (`job_id`) REFERENCES `jobs` (`id`) ON DELETE CASCADE, CONSTRAINT `job_notify_failure_notification_channel_id` FOREIGN KEY (`notification_channel_id`) REFERENCES `notification_channels` (`id`) ON DELETE CASCADE);
