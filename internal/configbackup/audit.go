package configbackup

import (
	"context"
	"time"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/audit"
)

// ActionExport is the audit action of an export through the API.
const ActionExport = "config.export"

// AuditExport records that the viewer of ctx exported the configuration. It says whether
// secrets and password hashes were in the file, never the passphrase or a key.
func AuditExport(ctx context.Context, c *ent.Client, now time.Time, opts ExportOptions) error {
	return audit.Write(ctx, c, now, audit.Entry{Action: ActionExport, EntityType: "Config",
		Details: map[string]any{"includesSecrets": opts.IncludeSecrets, "includesPasswordHashes": opts.IncludePasswordHashes,
			"sealedUnder": sealedUnder(opts)}})
}

// sealedUnder names what the envelope's key comes from, for the audit log.
func sealedUnder(opts ExportOptions) string {
	switch {
	case !opts.IncludeSecrets:
		return "none"
	case opts.ProfileKey != nil:
		return kdfProfileKey
	}
	return "passphrase"
}
