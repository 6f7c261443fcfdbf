package configbackup

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/buildinfo"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// LocalSettingPrefix starts the keys of settings that belong to this instance rather than to its
// configuration: the scheduled system tasks, which name a destination and a profile by id and
// record their last run. Export leaves them out, so that an import never points another
// instance's task at ids it does not have.
const LocalSettingPrefix = "systemTask."

// ExportOptions say what an export holds.
type ExportOptions struct {
	// IncludeSecrets seals every secret into the envelope under Passphrase, or under
	// ProfileKey; without it the document has no secret at all.
	IncludeSecrets bool
	Passphrase     vault.Secret
	// ProfileKey, instead of a passphrase, seals the envelope under a key derived from an
	// Encryption Profile's key (kdf "profile-key"), for the scheduled Config Backup: whoever
	// holds the profile key, as a restore does anyway, opens it without a typed passphrase.
	ProfileKey *vault.Key
	// IncludePasswordHashes adds users' password hashes, TOTP secrets and recovery codes to the
	// envelope; it needs IncludeSecrets.
	IncludePasswordHashes bool
	// Now is the export time; zero means time.Now.
	Now time.Time
	// Version is the DBackup version written into the file; empty means buildinfo.Version.
	Version string
	// KDF are the passphrase's Argon2id costs; zero means DefaultKDF.
	KDF KDFParams
	// Rand draws the salt and nonce; nil means crypto/rand.
	Rand io.Reader
}

// Export writes the whole configuration of c as a config backup. It reads with a privileged
// context, so the caller must have authorized the request (it reveals every secret when asked
// to). Secrets are opened with the client's keyring; one that does not open fails the export
// naming the item, rather than produce a backup that silently lacks it.
func Export(ctx context.Context, c *ent.Client, opts ExportOptions) ([]byte, error) {
	if opts.IncludePasswordHashes && !opts.IncludeSecrets {
		return nil, ErrHashesNeedSecrets
	}
	if opts.ProfileKey != nil && !opts.Passphrase.IsEmpty() {
		return nil, errors.New("config backup: seal under a passphrase or a profile key, not both")
	}
	if opts.IncludeSecrets && opts.Passphrase.IsEmpty() && opts.ProfileKey == nil {
		return nil, ErrPassphraseRequired
	}
	kdf := opts.KDF
	if kdf == (KDFParams{}) {
		kdf = DefaultKDF
	}
	if err := kdf.Validate(); err != nil {
		return nil, err
	}
	st, err := load(viewer.Privileged(ctx), c, loadOptions{secrets: opts.IncludeSecrets, hashes: opts.IncludePasswordHashes, strict: true})
	if err != nil {
		return nil, err
	}
	// Settings of this instance alone stay here: they name ids and carry run state.
	st.items.Settings = slices.DeleteFunc(st.items.Settings, func(s Setting) bool {
		return strings.HasPrefix(s.Key, LocalSettingPrefix)
	})
	doc := &Document{Format: FormatName, Version: FormatVersion, ExportedAt: opts.Now, DBackupVersion: opts.Version,
		Secrets: SecretsNone, PasswordHashes: opts.IncludePasswordHashes, Items: st.items}
	if doc.ExportedAt.IsZero() {
		doc.ExportedAt = time.Now()
	}
	doc.ExportedAt = doc.ExportedAt.UTC().Truncate(time.Second)
	if doc.DBackupVersion == "" {
		doc.DBackupVersion = buildinfo.Version()
	}
	doc.Items.normalize()
	if !opts.IncludeSecrets {
		return marshal(doc)
	}
	doc.Secrets = SecretsSealed
	plain, err := st.secrets.plaintext()
	if err != nil {
		return nil, err
	}
	rnd := opts.Rand
	if rnd == nil {
		rnd = rand.Reader
	}
	s := passphraseSealer(opts.Passphrase, kdf)
	if opts.ProfileKey != nil {
		s = profileKeySealer(*opts.ProfileKey)
	}
	return seal(doc, plain, s, rnd)
}

// normalize gives empty lists one spelling ([] rather than null) and sorts lists of names, so
// that comparisons and files do not depend on how a value was stored or written.
func (it *Items) normalize() {
	if it.Sources == nil {
		it.Sources = []Source{}
	}
	if it.Destinations == nil {
		it.Destinations = []Destination{}
	}
	if it.EncryptionProfiles == nil {
		it.EncryptionProfiles = []EncryptionProfile{}
	}
	if it.NotificationChannels == nil {
		it.NotificationChannels = []NotificationChannel{}
	}
	if it.SSOProviders == nil {
		it.SSOProviders = []SSOProvider{}
	}
	if it.Groups == nil {
		it.Groups = []Group{}
	}
	if it.Users == nil {
		it.Users = []User{}
	}
	if it.Jobs == nil {
		it.Jobs = []Job{}
	}
	if it.APIKeys == nil {
		it.APIKeys = []APIKey{}
	}
	if it.Settings == nil {
		it.Settings = []Setting{}
	}
	// Name lists are sets: sorted, so that their order is no difference.
	for i := range it.Users {
		slices.Sort(it.Users[i].Groups)
	}
	for i := range it.Jobs {
		n := &it.Jobs[i].Notify
		slices.Sort(n.Success)
		slices.Sort(n.Partial)
		slices.Sort(n.Failure)
		if it.Jobs[i].Targets == nil {
			it.Jobs[i].Targets = []Target{}
		}
	}
}
