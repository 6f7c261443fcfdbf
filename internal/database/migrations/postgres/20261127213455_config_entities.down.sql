-- reverse: create "group_users" table
DROP TABLE "group_users";
-- reverse: create index "groups_name_key" to table: "groups"
DROP INDEX "groups_name_key";
-- reverse: create "groups" table
DROP TABLE "groups";
-- reverse: create index "api_keys_prefix_key" to table: "api_keys"
DROP INDEX "api_keys_prefix_key";
-- reverse: create "api_keys" table
DROP TABLE "api_keys";
-- reverse: create index "users_username_key" to table: "users"
DROP INDEX "users_username_key";
-- reverse: create index "user_oidc_issuer_oidc_subject" to table: "users"
DROP INDEX "user_oidc_issuer_oidc_subject";
-- reverse: create "users" table
DROP TABLE "users";
-- reverse: create index "sources_name_key" to table: "sources"
DROP INDEX "sources_name_key";
-- reverse: create "sources" table
DROP TABLE "sources";
-- reverse: create index "sso_providers_name_key" to table: "sso_providers"
DROP INDEX "sso_providers_name_key";
-- reverse: create "sso_providers" table
DROP TABLE "sso_providers";
-- reverse: create "key_checks" table
DROP TABLE "key_checks";
-- reverse: create index "encryption_profiles_name_key" to table: "encryption_profiles"
DROP INDEX "encryption_profiles_name_key";
-- reverse: create "encryption_profiles" table
DROP TABLE "encryption_profiles";
-- reverse: create index "destinations_name_key" to table: "destinations"
DROP INDEX "destinations_name_key";
-- reverse: create "destinations" table
DROP TABLE "destinations";
-- reverse: create index "auditentry_time" to table: "audit_entries"
DROP INDEX "auditentry_time";
-- reverse: create index "auditentry_entity_type_entity_id" to table: "audit_entries"
DROP INDEX "auditentry_entity_type_entity_id";
-- reverse: create index "auditentry_action" to table: "audit_entries"
DROP INDEX "auditentry_action";
-- reverse: create "audit_entries" table
DROP TABLE "audit_entries";
