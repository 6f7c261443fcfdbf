-- reverse: create unique index "user_oidc_issuer_oidc_subject"
DROP INDEX `user_oidc_issuer_oidc_subject`;
CREATE INDEX `user_oidc_issuer_oidc_subject` ON `users` (`oidc_issuer`, `oidc_subject`);
