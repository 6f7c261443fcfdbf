package systask

import (
	"github.com/dbackup/dbackup/internal/system"
)

// RestoreSteps says, step by step, how a backup of the task is restored: for a System Backup
// on the control plane's database kind, for a Config Backup where to import it.
func RestoreSteps(k Kind, dialect system.Dialect) []string {
	if k == ConfigBackup {
		return []string{
			"On the instance to restore (a fresh one may use another ENCRYPTION_KEY), import the Encryption Profile's key (its 64 hex characters, from the Recovery Kit) as an Encryption Profile.",
			"Add the destination that holds the Config Backup, open it in the storage explorer, pick the dbackup-config backup and choose Import configuration: preview first (dry run), then apply.",
			"Offline instead: `dbackup decrypt FILE --key-file profile.key` (or --kit RECOVERY_KIT), then `dbackup config import FILE.json` on the stopped instance, which opens its secrets with the instance's Encryption Profile keys.",
			"Every secret is sealed again under the importing instance's ENCRYPTION_KEY, so nothing has to be re-entered.",
		}
	}
	steps := []string{
		"Stop DBackup (every node).",
		"Decrypt and decompress the backup offline: `dbackup decrypt FILE --key-file profile.key -o restored` (or --kit RECOVERY_KIT instead of --key-file).",
	}
	if dialect == system.Postgres {
		steps = append(steps,
			"Create an empty PostgreSQL database and restore into it: `pg_restore --no-owner --dbname=postgres://USER@HOST/NEWDB restored` (pg_restore of the server's major version or newer).",
			"Point DATABASE_URL at the restored database.")
	} else {
		steps = append(steps,
			"Move the old database aside and put the file at DATA_DIR/dbackup.db (remove any dbackup.db-wal and dbackup.db-shm beside it), owned by the DBackup user, mode 0600.",
			"Keep DATABASE_URL unset (or sqlite://DATA_DIR/dbackup.db).")
	}
	return append(steps,
		"Start DBackup with the SAME ENCRYPTION_KEY as when the backup was made. With another key the server starts but reports the key as MISMATCH, and no stored secret opens until the right key is loaded or the secrets are re-entered.")
}

// RestoreSteps returns the steps for this instance's database.
func (s *Service) RestoreSteps(k Kind) []string { return RestoreSteps(k, s.cfg.Dialect) }
