-- reverse: create index "user_oidc_issuer_oidc_subject" to table: "users"
DROP INDEX "user_oidc_issuer_oidc_subject";
-- reverse: drop index "user_oidc_issuer_oidc_subject" from table: "users"
CREATE INDEX "user_oidc_issuer_oidc_subject" ON "users" ("oidc_issuer", "oidc_subject");
