-- reverse: modify "backups" table
ALTER TABLE "backups" DROP COLUMN "verify_error", DROP COLUMN "verify_ok", DROP COLUMN "verified_at";
