-- users without an SSO identity hold NULL, which the unique index does not compare (earlier
-- config imports wrote empty strings)
UPDATE "users" SET "oidc_issuer" = NULL, "oidc_subject" = NULL WHERE "oidc_issuer" = '' OR "oidc_subject" = '';
-- drop index "user_oidc_issuer_oidc_subject" from table: "users"
DROP INDEX "user_oidc_issuer_oidc_subject";
-- create index "user_oidc_issuer_oidc_subject" to table: "users"
CREATE UNIQUE INDEX "user_oidc_issuer_oidc_subject" ON "users" ("oidc_issuer", "oidc_subject");
