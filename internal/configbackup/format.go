package configbackup

import (
	"errors"
	"time"

	"github.com/dbackup/dbackup/internal/vault"
)

// FormatName is the value of the document's "format" member.
const FormatName = "dbackup-config"

// FormatVersion is the newest document version this package writes and reads. A reader refuses
// a newer one (ErrFutureVersion) rather than drop what it does not understand.
const FormatVersion = 1

// The values of the document's "secrets" member.
const (
	// SecretsNone is a document without any secret value.
	SecretsNone = "none"
	// SecretsSealed is a document whose secrets are in the passphrase envelope.
	SecretsSealed = "sealed"
)

// Errors of the package; callers tell them apart with errors.Is.
var (
	// ErrFormat is input that is not a well-formed config backup: not JSON, truncated, unknown
	// members, a wrong format name, or envelope parameters out of bounds.
	ErrFormat = errors.New("not a valid DBackup config backup")
	// ErrFutureVersion is a document written by a newer DBackup.
	ErrFutureVersion = errors.New("config backup written by a newer DBackup version: upgrade DBackup to import it")
	// ErrOpen is a sealed document that does not authenticate. AES-GCM cannot tell a wrong
	// passphrase from a modified file, so both are this one error.
	ErrOpen = errors.New("wrong passphrase or modified file")
	// ErrPassphraseRequired is a sealed export or import without a passphrase.
	ErrPassphraseRequired = errors.New("a passphrase is required for a config backup with secrets")
	// ErrHashesNeedSecrets refuses exporting password hashes without sealing them.
	ErrHashesNeedSecrets = errors.New("password hashes are exported only with secrets, inside the sealed envelope")
	// ErrInvalid is a document whose content is inconsistent; see *ItemError.
	ErrInvalid = errors.New("invalid config backup")
)

// ItemError is an invalid item of a document, such as a job naming a source the document
// does not have. It matches ErrInvalid.
type ItemError struct {
	Kind string
	Name string
	Msg  string
}

func (e *ItemError) Error() string {
	return "config backup: " + e.Kind + " \"" + e.Name + "\": " + e.Msg
}

// Is makes an *ItemError match ErrInvalid.
func (e *ItemError) Is(target error) bool { return target == ErrInvalid }

// Kinds of items, as in Change.Kind and ItemError.Kind.
const (
	KindSource              = "source"
	KindDestination         = "destination"
	KindEncryptionProfile   = "encryptionProfile"
	KindNotificationChannel = "notificationChannel"
	KindSSOProvider         = "ssoProvider"
	KindGroup               = "group"
	KindUser                = "user"
	KindJob                 = "job"
	KindAPIKey              = "apiKey"
	KindSetting             = "setting"
)

// Document is a parsed config backup. The secrets of a sealed document, once opened by Parse,
// are held apart from the items and never marshalled.
type Document struct {
	Format         string    `json:"format"`
	Version        int       `json:"version"`
	ExportedAt     time.Time `json:"exportedAt"`
	DBackupVersion string    `json:"dbackupVersion"`
	Secrets        string    `json:"secrets"`
	// PasswordHashes tells that users' password hashes and TOTP secrets are in the envelope.
	PasswordHashes bool      `json:"passwordHashes"`
	Items          Items     `json:"items"`
	Envelope       *Envelope `json:"envelope,omitempty"`

	// secrets are the opened secret values: kind → item name → column → value.
	secrets secretSet
}

// Secret returns the opened secret column of the named item, empty when the document has none.
func (d *Document) Secret(kind, name, column string) vault.Secret {
	return d.secrets[kind][name][column]
}

// Items are the configuration items, each list sorted by name.
type Items struct {
	Sources              []Source              `json:"sources"`
	Destinations         []Destination         `json:"destinations"`
	EncryptionProfiles   []EncryptionProfile   `json:"encryptionProfiles"`
	NotificationChannels []NotificationChannel `json:"notificationChannels"`
	SSOProviders         []SSOProvider         `json:"ssoProviders"`
	Groups               []Group               `json:"groups"`
	Users                []User                `json:"users"`
	Jobs                 []Job                 `json:"jobs"`
	APIKeys              []APIKey              `json:"apiKeys"`
	Settings             []Setting             `json:"settings"`
}

// Source is a database server, without its secrets.
type Source struct {
	Name                  string            `json:"name"`
	Engine                string            `json:"engine"`
	Host                  string            `json:"host,omitempty"`
	Port                  int               `json:"port,omitempty"`
	Username              string            `json:"username,omitempty"`
	Database              string            `json:"database,omitempty"`
	Options               map[string]string `json:"options,omitempty"`
	TLSMode               string            `json:"tlsMode"`
	TLSCACert             string            `json:"tlsCaCert,omitempty"`
	TLSClientCert         string            `json:"tlsClientCert,omitempty"`
	SSHEnabled            bool              `json:"sshEnabled,omitempty"`
	SSHHost               string            `json:"sshHost,omitempty"`
	SSHPort               int               `json:"sshPort,omitempty"`
	SSHUsername           string            `json:"sshUsername,omitempty"`
	SSHHostKeyFingerprint string            `json:"sshHostKeyFingerprint,omitempty"`
}

// Destination is a storage place, without its secrets.
type Destination struct {
	Name        string         `json:"name"`
	Kind        string         `json:"kind"`
	Settings    map[string]any `json:"settings,omitempty"`
	AccessKeyID string         `json:"accessKeyId,omitempty"`
}

// EncryptionProfile is a profile's name and public key id; its key is a secret.
type EncryptionProfile struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	KeyID       string `json:"keyId"`
}

// NotificationChannel is a channel, without its secrets.
type NotificationChannel struct {
	Name         string         `json:"name"`
	Kind         string         `json:"kind"`
	Settings     map[string]any `json:"settings,omitempty"`
	Enabled      bool           `json:"enabled"`
	SystemEvents []string       `json:"systemEvents,omitempty"`
}

// SSOProvider is an OpenID Connect provider, without its client secret. DefaultGroup and the
// values of GroupMapping name groups.
type SSOProvider struct {
	Name                string            `json:"name"`
	IssuerURL           string            `json:"issuerUrl"`
	ClientID            string            `json:"clientId"`
	Scopes              []string          `json:"scopes,omitempty"`
	AllowedEmailDomains []string          `json:"allowedEmailDomains,omitempty"`
	AutoProvision       bool              `json:"autoProvision,omitempty"`
	LinkByVerifiedEmail bool              `json:"linkByVerifiedEmail,omitempty"`
	GroupsClaim         string            `json:"groupsClaim,omitempty"`
	GroupMapping        map[string]string `json:"groupMapping,omitempty"`
	DefaultGroup        string            `json:"defaultGroup,omitempty"`
	Enabled             bool              `json:"enabled"`
}

// Group is a group and its permissions; Builtin marks the Admins group.
type Group struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Permissions []string `json:"permissions,omitempty"`
	Builtin     bool     `json:"builtin,omitempty"`
}

// User is a user and the names of its groups. TOTPEnabled is only exported with password
// hashes, because it needs the TOTP secret.
type User struct {
	Username    string   `json:"username"`
	Email       string   `json:"email,omitempty"`
	DisplayName string   `json:"displayName,omitempty"`
	Disabled    bool     `json:"disabled,omitempty"`
	Groups      []string `json:"groups,omitempty"`
	OIDCIssuer  string   `json:"oidcIssuer,omitempty"`
	OIDCSubject string   `json:"oidcSubject,omitempty"`
	TOTPEnabled bool     `json:"totpEnabled,omitempty"`
}

// Job is a backup job; Source, EncryptionProfile, Targets[].Destination and Notify name items.
type Job struct {
	Name              string   `json:"name"`
	Source            string   `json:"source"`
	Databases         []string `json:"databases,omitempty"`
	Compression       string   `json:"compression"`
	Schedule          string   `json:"schedule,omitempty"`
	Timezone          string   `json:"timezone"`
	Enabled           bool     `json:"enabled"`
	CatchUp           string   `json:"catchUp"`
	NameTemplate      string   `json:"nameTemplate,omitempty"`
	EncryptionProfile string   `json:"encryptionProfile,omitempty"`
	Targets           []Target `json:"targets"`
	Notify            Notify   `json:"notify"`
}

// Target is one destination of a job, in order, with its retention.
type Target struct {
	Destination string `json:"destination"`
	KeepLast    *int   `json:"keepLast,omitempty"`
	KeepDaily   *int   `json:"keepDaily,omitempty"`
	KeepWeekly  *int   `json:"keepWeekly,omitempty"`
	KeepMonthly *int   `json:"keepMonthly,omitempty"`
	KeepYearly  *int   `json:"keepYearly,omitempty"`
	KeepDays    *int   `json:"keepDays,omitempty"`
}

// Notify names the channels told about a job's runs, by outcome.
type Notify struct {
	Success []string `json:"success,omitempty"`
	Partial []string `json:"partial,omitempty"`
	Failure []string `json:"failure,omitempty"`
}

// APIKey is an API key's metadata; the key itself cannot be exported, and imports skip it.
type APIKey struct {
	Name      string     `json:"name"`
	Prefix    string     `json:"prefix"`
	Owner     string     `json:"owner,omitempty"`
	Scopes    []string   `json:"scopes,omitempty"`
	ExpiresAt *time.Time `json:"expiresAt,omitempty"`
	Revoked   bool       `json:"revoked,omitempty"`
}

// Setting is one instance-wide setting; Value is its JSON text as stored.
type Setting struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}
