// Package downloadlink makes and redeems one-time download links: a URL that works without a
// session, once, before it expires, for a stored backup or a Recovery Kit. The server keeps only
// the SHA-256 of the link's token. Redeeming marks the link used in the same statement that
// checks it, so two concurrent requests cannot both get the file, on one node or several.
package downloadlink

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dbackup/dbackup/ent"
	entbackup "github.com/dbackup/dbackup/ent/backup"
	entlink "github.com/dbackup/dbackup/ent/downloadlink"
	entprofile "github.com/dbackup/dbackup/ent/encryptionprofile"
	"github.com/dbackup/dbackup/internal/audit"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/auth/token"
	"github.com/dbackup/dbackup/internal/authz"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/viewer"
)

// Lifetimes of a link.
const (
	DefaultLifetime = 15 * time.Minute
	MaxLifetime     = 24 * time.Hour
)

// PathPrefix is where links are served: PathPrefix + token.
const PathPrefix = "/api/links/"

// Audit action of a new link; the download itself is audited by what serves it.
const ActionLinkCreate = "downloadLink.create"

// Kinds of link.
const (
	KindBackup      = entlink.KindBackup
	KindRecoveryKit = entlink.KindRecoveryKit
)

// Errors of Redeem. Each says what to do, since the person holding the link may not be the one
// who made it.
var (
	ErrInvalid = errors.New("this download link is not valid: ask for a new one")
	ErrUsed    = errors.New("this download link was already used: links work once; make a new one")
	ErrExpired = errors.New("this download link has expired: make a new one")
)

// FieldError is a refused argument: Field names it, Message says how to fix it.
type FieldError struct {
	Field, Message string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

// Service makes and redeems links.
type Service struct {
	client *ent.Client
	now    func() time.Time
}

// New returns the service.
func New(client *ent.Client) *Service { return &Service{client: client, now: time.Now} }

// SetClock replaces the clock, for tests.
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// Link is a new link: its URL (a path, PathPrefix + token, until a caller makes it absolute),
// shown once, and when it stops working.
type Link struct {
	URL       string
	ExpiresAt time.Time
}

// CreateBackupLink makes a link to a stored backup, decrypted or as stored. Needs
// storage:download, which the creator must still hold when the link is used.
func (s *Service) CreateBackupLink(ctx context.Context, backupID pulid.ID, decrypt bool, lifetime time.Duration) (Link, error) {
	if err := authz.Require(ctx, perm.StorageDownload); err != nil {
		return Link{}, err
	}
	b, err := s.client.Backup.Query().Where(entbackup.ID(backupID)).Only(viewer.Privileged(ctx))
	switch {
	case ent.IsNotFound(err):
		return Link{}, &FieldError{Field: "backup", Message: fmt.Sprintf("no backup has id %q", backupID)}
	case err != nil:
		return Link{}, fmt.Errorf("load backup %s: %w", backupID, err)
	}
	if decrypt && !b.Encrypted {
		decrypt = false
	}
	return s.create(ctx, lifetime, func(c *ent.DownloadLinkCreate) {
		c.SetKind(KindBackup).SetBackupID(b.ID).SetDecrypt(decrypt)
	}, map[string]any{"backup": string(b.ID), "object": b.ObjectKey, "decrypt": decrypt})
}

// CreateKitLink makes a link to a Recovery Kit holding the keys of the given profiles. Needs
// vault:reveal, which the creator must still hold when the link is used.
func (s *Service) CreateKitLink(ctx context.Context, profileIDs []pulid.ID, lifetime time.Duration) (Link, error) {
	if err := authz.Require(ctx, perm.VaultReveal); err != nil {
		return Link{}, err
	}
	if len(profileIDs) == 0 {
		return Link{}, &FieldError{Field: "profiles", Message: "choose at least one Encryption Profile"}
	}
	ids := make([]string, 0, len(profileIDs))
	seen := map[pulid.ID]bool{}
	for _, id := range profileIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		n, err := s.client.EncryptionProfile.Query().Where(entprofile.ID(id)).Count(viewer.Privileged(ctx))
		if err != nil {
			return Link{}, fmt.Errorf("load encryption profile %s: %w", id, err)
		}
		if n == 0 {
			return Link{}, &FieldError{Field: "profiles", Message: fmt.Sprintf("no Encryption Profile has id %q", id)}
		}
		ids = append(ids, string(id))
	}
	return s.create(ctx, lifetime, func(c *ent.DownloadLinkCreate) {
		c.SetKind(KindRecoveryKit).SetProfileIds(ids)
	}, map[string]any{"profiles": ids})
}

func (s *Service) create(ctx context.Context, lifetime time.Duration, set func(*ent.DownloadLinkCreate), details map[string]any) (Link, error) {
	switch {
	case lifetime == 0:
		lifetime = DefaultLifetime
	case lifetime < time.Minute || lifetime > MaxLifetime:
		return Link{}, &FieldError{Field: "expiresInMinutes", Message: fmt.Sprintf("give between 1 and %d minutes", int(MaxLifetime/time.Minute))}
	}
	v := viewer.FromContext(ctx).Actor()
	if v == nil || v.UserID == "" {
		return Link{}, &FieldError{Field: "viewer", Message: "download links are made by a signed-in user or a user's API key"}
	}
	plain, hash := token.NewSessionToken()
	now := s.now()
	link := Link{URL: PathPrefix + plain, ExpiresAt: now.Add(lifetime)}
	tx, err := s.client.Tx(ctx)
	if err != nil {
		return Link{}, err
	}
	c := tx.DownloadLink.Create().SetTokenHash(hash).SetUserID(pulid.ID(v.UserID)).
		SetCreatedAt(now).SetExpiresAt(link.ExpiresAt)
	set(c)
	l, err := c.Save(viewer.Privileged(ctx))
	if err == nil {
		details["expires_at"] = link.ExpiresAt.UTC().Format(time.RFC3339)
		err = audit.Write(ctx, tx.Client(), now, audit.Entry{Action: ActionLinkCreate, EntityType: "DownloadLink",
			EntityID: string(l.ID), Details: details})
	}
	if err != nil {
		_ = tx.Rollback()
		return Link{}, fmt.Errorf("store download link: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return Link{}, fmt.Errorf("store download link: %w", err)
	}
	return link, nil
}

// Redeem uses the link with the given token: it returns the link, now marked used, or
// ErrInvalid, ErrUsed or ErrExpired. The caller serves it with its creator's permissions.
func (s *Service) Redeem(ctx context.Context, plain string) (*ent.DownloadLink, error) {
	ctx = viewer.Privileged(ctx)
	hash, err := token.HashSessionToken(plain)
	if err != nil {
		return nil, ErrInvalid
	}
	now := s.now()
	n, err := s.client.DownloadLink.Update().
		Where(entlink.TokenHash(hash), entlink.UsedAtIsNil(), entlink.ExpiresAtGT(now)).
		SetUsedAt(now).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("redeem download link: %w", err)
	}
	l, err := s.client.DownloadLink.Query().Where(entlink.TokenHash(hash)).WithUser().Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return nil, ErrInvalid
	case err != nil:
		return nil, fmt.Errorf("load download link: %w", err)
	case n == 1:
		return l, nil
	case l.UsedAt != nil:
		return nil, ErrUsed
	default:
		return nil, ErrExpired
	}
}

// Purge deletes links that expired before now minus a day (kept that long so that a late click
// says "expired" rather than "not valid").
func (s *Service) Purge(ctx context.Context) (int, error) {
	return s.client.DownloadLink.Delete().Where(entlink.ExpiresAtLT(s.now().Add(-24 * time.Hour))).
		Exec(viewer.SystemContext(ctx))
}
