-- modify "backups" table
ALTER TABLE "backups" ADD COLUMN "verified_at" timestamptz NULL, ADD COLUMN "verify_ok" boolean NULL, ADD COLUMN "verify_error" character varying NULL;
