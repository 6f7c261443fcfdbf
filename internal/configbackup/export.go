package configbackup

import (
	"context"
	"crypto/rand"
	"io"
	"slices"
	"time"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/buildinfo"
	"github.com/dbackup/dbackup/internal/vault"
	"github.com/dbackup/dbackup/internal/viewer"
)

// ExportOptions say what an export holds.
type ExportOptions struct {
	// IncludeSecrets seals every secret into the envelope under Passphrase; without it the
	// document has no secret at all.
	IncludeSecrets bool
	Passphrase     vault.Secret
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
	if opts.IncludeSecrets && opts.Passphrase.IsEmpty() {
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
	return seal(doc, plain, opts.Passphrase, kdf, rnd)
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
