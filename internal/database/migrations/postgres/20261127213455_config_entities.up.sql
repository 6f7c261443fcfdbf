-- create "audit_entries" table
CREATE TABLE "audit_entries" ("id" character varying NOT NULL, "time" timestamptz NOT NULL, "actor" character varying NOT NULL, "actor_id" character varying NULL, "action" character varying NOT NULL, "entity_type" character varying NULL, "entity_id" character varying NULL, "fields" jsonb NULL, "ip" character varying NULL, "user_agent" character varying NULL, "details" jsonb NULL, PRIMARY KEY ("id"));
-- create index "auditentry_action" to table: "audit_entries"
CREATE INDEX "auditentry_action" ON "audit_entries" ("action");
-- create index "auditentry_entity_type_entity_id" to table: "audit_entries"
CREATE INDEX "auditentry_entity_type_entity_id" ON "audit_entries" ("entity_type", "entity_id");
-- create index "auditentry_time" to table: "audit_entries"
CREATE INDEX "auditentry_time" ON "audit_entries" ("time");
-- create "destinations" table
CREATE TABLE "destinations" ("id" character varying NOT NULL, "create_time" timestamptz NOT NULL, "update_time" timestamptz NOT NULL, "name" character varying NOT NULL, "kind" character varying NOT NULL, "settings" jsonb NULL, "access_key_id" character varying NULL, "secret_access_key" character varying NULL, "password" character varying NULL, "private_key" character varying NULL, "private_key_passphrase" character varying NULL, "oauth_client_secret" character varying NULL, "oauth_refresh_token" character varying NULL, "oauth_access_token" character varying NULL, PRIMARY KEY ("id"));
-- create index "destinations_name_key" to table: "destinations"
CREATE UNIQUE INDEX "destinations_name_key" ON "destinations" ("name");
-- create "encryption_profiles" table
CREATE TABLE "encryption_profiles" ("id" character varying NOT NULL, "create_time" timestamptz NOT NULL, "update_time" timestamptz NOT NULL, "name" character varying NOT NULL, "description" character varying NULL, "key" character varying NULL, "key_id" character varying NOT NULL, PRIMARY KEY ("id"));
-- create index "encryption_profiles_name_key" to table: "encryption_profiles"
CREATE UNIQUE INDEX "encryption_profiles_name_key" ON "encryption_profiles" ("name");
-- create "key_checks" table
CREATE TABLE "key_checks" ("id" character varying NOT NULL, "create_time" timestamptz NOT NULL, "update_time" timestamptz NOT NULL, "key_id" character varying NOT NULL, "canary" character varying NULL, PRIMARY KEY ("id"));
-- create "sso_providers" table
CREATE TABLE "sso_providers" ("id" character varying NOT NULL, "create_time" timestamptz NOT NULL, "update_time" timestamptz NOT NULL, "name" character varying NOT NULL, "issuer_url" character varying NOT NULL, "client_id" character varying NOT NULL, "client_secret" character varying NULL, "scopes" jsonb NULL, "allowed_email_domains" jsonb NULL, "auto_provision" boolean NOT NULL DEFAULT false, "link_by_verified_email" boolean NOT NULL DEFAULT false, "groups_claim" character varying NULL, "group_mapping" jsonb NULL, "default_group" character varying NULL, "enabled" boolean NOT NULL DEFAULT true, PRIMARY KEY ("id"));
-- create index "sso_providers_name_key" to table: "sso_providers"
CREATE UNIQUE INDEX "sso_providers_name_key" ON "sso_providers" ("name");
-- create "sources" table
CREATE TABLE "sources" ("id" character varying NOT NULL, "create_time" timestamptz NOT NULL, "update_time" timestamptz NOT NULL, "name" character varying NOT NULL, "engine" character varying NOT NULL, "host" character varying NULL, "port" bigint NULL, "username" character varying NULL, "password" character varying NULL, "database" character varying NULL, "options" jsonb NULL, "tls_mode" character varying NOT NULL DEFAULT 'prefer', "tls_ca_cert" text NULL, "tls_client_cert" text NULL, "tls_client_key" character varying NULL, "ssh_enabled" boolean NOT NULL DEFAULT false, "ssh_host" character varying NULL, "ssh_port" bigint NULL, "ssh_username" character varying NULL, "ssh_password" character varying NULL, "ssh_private_key" character varying NULL, "ssh_private_key_passphrase" character varying NULL, "ssh_host_key_fingerprint" character varying NULL, PRIMARY KEY ("id"));
-- create index "sources_name_key" to table: "sources"
CREATE UNIQUE INDEX "sources_name_key" ON "sources" ("name");
-- create "users" table
CREATE TABLE "users" ("id" character varying NOT NULL, "create_time" timestamptz NOT NULL, "update_time" timestamptz NOT NULL, "username" character varying NOT NULL, "email" character varying NULL, "display_name" character varying NULL, "password_hash" character varying NULL, "totp_secret" character varying NULL, "disabled" boolean NOT NULL DEFAULT false, "oidc_issuer" character varying NULL, "oidc_subject" character varying NULL, PRIMARY KEY ("id"));
-- create index "user_oidc_issuer_oidc_subject" to table: "users"
CREATE INDEX "user_oidc_issuer_oidc_subject" ON "users" ("oidc_issuer", "oidc_subject");
-- create index "users_username_key" to table: "users"
CREATE UNIQUE INDEX "users_username_key" ON "users" ("username");
-- create "api_keys" table
CREATE TABLE "api_keys" ("id" character varying NOT NULL, "create_time" timestamptz NOT NULL, "update_time" timestamptz NOT NULL, "name" character varying NOT NULL, "prefix" character varying NOT NULL, "secret_hash" character varying NULL, "scopes" jsonb NULL, "expires_at" timestamptz NULL, "last_used_at" timestamptz NULL, "revoked_at" timestamptz NULL, "user_api_keys" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "api_keys_users_api_keys" FOREIGN KEY ("user_api_keys") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- create index "api_keys_prefix_key" to table: "api_keys"
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys" ("prefix");
-- create "groups" table
CREATE TABLE "groups" ("id" character varying NOT NULL, "create_time" timestamptz NOT NULL, "update_time" timestamptz NOT NULL, "name" character varying NOT NULL, "description" character varying NULL, "permissions" jsonb NULL, "builtin" boolean NOT NULL DEFAULT false, PRIMARY KEY ("id"));
-- create index "groups_name_key" to table: "groups"
CREATE UNIQUE INDEX "groups_name_key" ON "groups" ("name");
-- create "group_users" table
CREATE TABLE "group_users" ("group_id" character varying NOT NULL, "user_id" character varying NOT NULL, PRIMARY KEY ("group_id", "user_id"), CONSTRAINT "group_users_group_id" FOREIGN KEY ("group_id") REFERENCES "groups" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "group_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
