-- create "api_keys" table
CREATE TABLE `api_keys` (`id` text NOT NULL, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `name` text NOT NULL, `prefix` text NOT NULL, `secret_hash` text NULL, `scopes` json NULL, `expires_at` datetime NULL, `last_used_at` datetime NULL, `revoked_at` datetime NULL, `user_api_keys` text NULL, PRIMARY KEY (`id`), CONSTRAINT `api_keys_users_api_keys` FOREIGN KEY (`user_api_keys`) REFERENCES `users` (`id`) ON DELETE SET NULL);
-- create index "api_keys_prefix_key" to table: "api_keys"
CREATE UNIQUE INDEX `api_keys_prefix_key` ON `api_keys` (`prefix`);
-- create "audit_entries" table
CREATE TABLE `audit_entries` (`id` text NOT NULL, `time` datetime NOT NULL, `actor` text NOT NULL, `actor_id` text NULL, `action` text NOT NULL, `entity_type` text NULL, `entity_id` text NULL, `fields` json NULL, `ip` text NULL, `user_agent` text NULL, `details` json NULL, PRIMARY KEY (`id`));
-- create index "auditentry_time" to table: "audit_entries"
CREATE INDEX `auditentry_time` ON `audit_entries` (`time`);
-- create index "auditentry_action" to table: "audit_entries"
CREATE INDEX `auditentry_action` ON `audit_entries` (`action`);
-- create index "auditentry_entity_type_entity_id" to table: "audit_entries"
CREATE INDEX `auditentry_entity_type_entity_id` ON `audit_entries` (`entity_type`, `entity_id`);
-- create "destinations" table
CREATE TABLE `destinations` (`id` text NOT NULL, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `name` text NOT NULL, `kind` text NOT NULL, `settings` json NULL, `access_key_id` text NULL, `secret_access_key` text NULL, `password` text NULL, `private_key` text NULL, `private_key_passphrase` text NULL, `oauth_client_secret` text NULL, `oauth_refresh_token` text NULL, `oauth_access_token` text NULL, PRIMARY KEY (`id`));
-- create index "destinations_name_key" to table: "destinations"
CREATE UNIQUE INDEX `destinations_name_key` ON `destinations` (`name`);
-- create "encryption_profiles" table
CREATE TABLE `encryption_profiles` (`id` text NOT NULL, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `name` text NOT NULL, `description` text NULL, `key` text NULL, `key_id` text NOT NULL, PRIMARY KEY (`id`));
-- create index "encryption_profiles_name_key" to table: "encryption_profiles"
CREATE UNIQUE INDEX `encryption_profiles_name_key` ON `encryption_profiles` (`name`);
-- create "groups" table
CREATE TABLE `groups` (`id` text NOT NULL, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `name` text NOT NULL, `description` text NULL, `permissions` json NULL, `builtin` bool NOT NULL DEFAULT (false), PRIMARY KEY (`id`));
-- create index "groups_name_key" to table: "groups"
CREATE UNIQUE INDEX `groups_name_key` ON `groups` (`name`);
-- create "key_checks" table
CREATE TABLE `key_checks` (`id` text NOT NULL, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `key_id` text NOT NULL, `canary` text NULL, PRIMARY KEY (`id`));
-- create "sso_providers" table
CREATE TABLE `sso_providers` (`id` text NOT NULL, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `name` text NOT NULL, `issuer_url` text NOT NULL, `client_id` text NOT NULL, `client_secret` text NULL, `scopes` json NULL, `allowed_email_domains` json NULL, `auto_provision` bool NOT NULL DEFAULT (false), `link_by_verified_email` bool NOT NULL DEFAULT (false), `groups_claim` text NULL, `group_mapping` json NULL, `default_group` text NULL, `enabled` bool NOT NULL DEFAULT (true), PRIMARY KEY (`id`));
-- create index "sso_providers_name_key" to table: "sso_providers"
CREATE UNIQUE INDEX `sso_providers_name_key` ON `sso_providers` (`name`);
-- create "sources" table
CREATE TABLE `sources` (`id` text NOT NULL, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `name` text NOT NULL, `engine` text NOT NULL, `host` text NULL, `port` integer NULL, `username` text NULL, `password` text NULL, `database` text NULL, `options` json NULL, `tls_mode` text NOT NULL DEFAULT ('prefer'), `tls_ca_cert` text NULL, `tls_client_cert` text NULL, `tls_client_key` text NULL, `ssh_enabled` bool NOT NULL DEFAULT (false), `ssh_host` text NULL, `ssh_port` integer NULL, `ssh_username` text NULL, `ssh_password` text NULL, `ssh_private_key` text NULL, `ssh_private_key_passphrase` text NULL, `ssh_host_key_fingerprint` text NULL, PRIMARY KEY (`id`));
-- create index "sources_name_key" to table: "sources"
CREATE UNIQUE INDEX `sources_name_key` ON `sources` (`name`);
-- create "users" table
CREATE TABLE `users` (`id` text NOT NULL, `create_time` datetime NOT NULL, `update_time` datetime NOT NULL, `username` text NOT NULL, `email` text NULL, `display_name` text NULL, `password_hash` text NULL, `totp_secret` text NULL, `disabled` bool NOT NULL DEFAULT (false), `oidc_issuer` text NULL, `oidc_subject` text NULL, PRIMARY KEY (`id`));
-- create index "users_username_key" to table: "users"
CREATE UNIQUE INDEX `users_username_key` ON `users` (`username`);
-- create index "user_oidc_issuer_oidc_subject" to table: "users"
CREATE INDEX `user_oidc_issuer_oidc_subject` ON `users` (`oidc_issuer`, `oidc_subject`);
-- create "group_users" table
CREATE TABLE `group_users` (`group_id` text NOT NULL, `user_id` text NOT NULL, PRIMARY KEY (`group_id`, `user_id`), CONSTRAINT `group_users_group_id` FOREIGN KEY (`group_id`) REFERENCES `groups` (`id`) ON DELETE CASCADE, CONSTRAINT `group_users_user_id` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE);
