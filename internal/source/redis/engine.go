package redis

import (
	"github.com/dbackup/dbackup/internal/source"
)

// DefaultPort is Redis's port.
const DefaultPort = 6379

// FieldReplaceable is the setting that allows automated restores, which wipe the server.
const FieldReplaceable = "replaceable"

// ManualRestoreSteps are the steps to put a snapshot in place by hand, for a server that is not
// marked replaceable or a backup the automated restore refuses (docs/redis-backups.md).
var ManualRestoreSteps = []string{
	"Download the backup decrypted (Backups → Download → decrypted) and decompress it, or use `dbackup decrypt`; the result is an RDB file. Check it with `redis-check-rdb backup.rdb`.",
	"Find where the server loads its data from: `redis-cli CONFIG GET dir`, `redis-cli CONFIG GET dbfilename` and `redis-cli CONFIG GET appendonly`.",
	"Stop the server without letting it save over the file: `redis-cli SHUTDOWN NOSAVE`.",
	"If appendonly is yes, move the appendonlydir (or appendonly.aof) out of dir: the server loads the AOF instead of the RDB when it exists.",
	"Copy the RDB over the data file, for example `cp backup.rdb /var/lib/redis/dump.rdb`, and let the server's user read it: `chown redis:redis /var/lib/redis/dump.rdb`.",
	"Start the server and check the keys: `redis-cli INFO keyspace`. Turn appendonly back on with `CONFIG SET appendonly yes` if you moved the AOF.",
}

// tlsModes leaves out prefer: Redis cannot negotiate TLS on a port, and a TLS handshake with a
// plain Redis hangs until the timeout, so "TLS if offered" cannot be told apart quickly from
// "down". A stored prefer (the default of new sources) means disable.
var tlsModes = []string{source.TLSDisable, source.TLSRequire, source.TLSVerifyCA, source.TLSVerifyFull}

// Engine describes Redis for the web interface's forms.
var Engine = source.Engine{
	Name:        "redis",
	Label:       "Redis",
	DefaultPort: DefaultPort,
	Fields: append([]source.FieldSpec{
		source.HostField(),
		source.PortField(DefaultPort),
		{Name: source.FieldUsername, Label: "Username", Type: source.FieldString,
			Help: "ACL user (Redis 6 or later); empty for the default user."},
		source.PasswordField(),
		{Name: source.FieldDatabase, Label: "Database number", Type: source.FieldInt, Default: "0",
			Help: "Logical database the connection test selects, to check it exists; backups cover every database."},
		{Name: FieldReplaceable, Label: "Replaceable by restores", Type: source.FieldBool, Default: "false",
			Help: "Allow automated restores into this server: a restore runs FLUSHALL, deleting everything on it, then " +
				"replays every key of the backup. Leave off for a server whose data must never be replaced; restore " +
				"into it by hand with the steps the restore dialog shows."},
	}, append(source.TLSFields(tlsModes, source.TLSDisable), source.ConnectTimeoutField())...),
}

// Open validates cfg and returns a Redis source; see New.
func Open(cfg source.Config) (source.Source, error) { return New(cfg) }
