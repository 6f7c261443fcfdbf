package inventory

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/dbackup/dbackup/ent"
	entbackup "github.com/dbackup/dbackup/ent/backup"
	entdest "github.com/dbackup/dbackup/ent/destination"
	entjob "github.com/dbackup/dbackup/ent/job"
	"github.com/dbackup/dbackup/internal/audit"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/authz"
	"github.com/dbackup/dbackup/internal/catalog"
	"github.com/dbackup/dbackup/internal/encfile"
	"github.com/dbackup/dbackup/internal/legacy"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/sidecar"
	"github.com/dbackup/dbackup/internal/storage"
	"github.com/dbackup/dbackup/internal/viewer"
)

// ErrNotFound is an unknown destination or backup.
var ErrNotFound = errors.New("not found")

// Audit actions.
const (
	ActionBackupDelete = "backup.delete"
	ActionBackupVerify = "backup.verify"
)

// Service reads and changes what destinations store.
type Service struct {
	client  *ent.Client
	catalog *catalog.Service
	now     func() time.Time
	log     *slog.Logger
}

// New returns the service.
func New(client *ent.Client, cat *catalog.Service, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{client: client, catalog: cat, now: time.Now, log: log}
}

// Listing is what one destination holds.
type Listing struct {
	Backups []*ent.Backup
	// UnknownObjects are objects without a sidecar: leftovers, or files put there by hand.
	// They are never deleted by DBackup on its own.
	UnknownObjects []storage.Object
	// InvalidSidecars are sidecars that cannot be used, with the reason.
	InvalidSidecars []InvalidSidecar
}

// InvalidSidecar is a sidecar Scan could not use.
type InvalidSidecar struct {
	Key    string
	Reason string
}

// Scan lists a destination, records every backup its sidecars describe and forgets the records
// of backups that are gone. Needs storage:read. A destination whose credentials cannot be
// opened fails with the catalog's *OpenError (ENCRYPTION_KEY_MISMATCH).
func (s *Service) Scan(ctx context.Context, destID pulid.ID) (Listing, error) {
	if err := authz.Require(ctx, perm.StorageRead); err != nil {
		return Listing{}, err
	}
	dest, st, err := s.catalog.OpenDestination(ctx, destID)
	if err != nil {
		if errors.Is(err, catalog.ErrNotFound) {
			return Listing{}, fmt.Errorf("destination %s: %w", destID, ErrNotFound)
		}
		return Listing{}, err
	}
	defer st.Close()
	objects := map[string]storage.Object{}
	var sidecars []string
	err = st.List(ctx, "", func(o storage.Object) error {
		switch {
		case strings.HasPrefix(o.Key, storage.ProbePrefix):
		case sidecar.IsName(o.Key):
			sidecars = append(sidecars, o.Key)
		default:
			objects[o.Key] = o
		}
		return nil
	})
	if err != nil {
		return Listing{}, fmt.Errorf("list destination %q: %w", dest.Name, err)
	}
	var out Listing
	invalid := func(key, reason string) {
		out.InvalidSidecars = append(out.InvalidSidecars, InvalidSidecar{key, reason})
	}
	sys := viewer.SystemContext(ctx)
	seen := map[string]bool{}
	for _, name := range sidecars {
		sc, err := sidecar.Read(ctx, st, name)
		if err != nil && errors.Is(err, sidecar.ErrInvalid) {
			// Perhaps a sidecar of the seed product: recorded as a legacy backup.
			sc, err = s.readLegacySidecar(ctx, st, name, objects, err)
		}
		if err == nil && sc.Object != sidecar.ObjectOf(name) {
			err = fmt.Errorf("%w: it describes %q, not %q", sidecar.ErrInvalid, sc.Object, sidecar.ObjectOf(name))
		}
		if err != nil {
			invalid(name, err.Error())
			continue
		}
		obj, ok := objects[sc.Object]
		if !ok {
			invalid(name, "its object is missing")
			continue
		}
		delete(objects, sc.Object)
		seen[sc.Object] = true
		if obj.Size != sc.Size {
			invalid(name, fmt.Sprintf("the object has %d bytes, the sidecar says %d", obj.Size, sc.Size))
		}
		if err := s.record(sys, dest.ID, sc); err != nil {
			return Listing{}, err
		}
	}
	for _, o := range objects {
		out.UnknownObjects = append(out.UnknownObjects, o)
	}
	slices.SortFunc(out.UnknownObjects, func(a, b storage.Object) int { return strings.Compare(a.Key, b.Key) })
	// Records of backups no longer on the destination go: the destination is the truth.
	rows, err := s.client.Backup.Query().Where(entbackup.HasDestinationWith(entdest.ID(dest.ID))).
		Order(ent.Desc(entbackup.FieldCreatedAt)).All(sys)
	if err != nil {
		return Listing{}, fmt.Errorf("load backups of %q: %w", dest.Name, err)
	}
	for _, b := range rows {
		if !seen[b.ObjectKey] {
			if err := s.client.Backup.DeleteOne(b).Exec(sys); err != nil {
				return Listing{}, fmt.Errorf("forget backup %s: %w", b.ObjectKey, err)
			}
			continue
		}
		out.Backups = append(out.Backups, b)
	}
	return out, nil
}

// record creates or refreshes the Backup a sidecar describes.
func (s *Service) record(ctx context.Context, destID pulid.ID, sc sidecar.Sidecar) error {
	c := s.client.Backup.Create().SetObjectKey(sc.Object).SetCreatedAt(sc.FinishedAt).SetJobName(sc.JobName).
		SetEngine(sc.Engine).SetServerVersion(sc.ServerVersion).SetFormat(sc.Format).SetDatabases(sc.Databases).
		SetCompression(entbackup.Compression(sc.Compression)).SetEncrypted(sc.Encryption != nil).
		SetSize(sc.Size).SetDumpSize(sc.DumpSize).SetSha256(sc.SHA256).SetDestinationID(destID)
	if e := sc.Encryption; e != nil {
		c.SetKeyID(e.KeyID).SetProfileID(e.ProfileID).SetProfileName(e.ProfileName)
	}
	if sc.JobID != "" {
		if id := pulid.ID(sc.JobID); s.client.Job.Query().Where(entjob.ID(id)).ExistX(ctx) {
			c.SetJobID(id)
		}
	}
	err := c.OnConflictColumns(entbackup.FieldObjectKey, entbackup.DestinationColumn).
		Update(func(u *ent.BackupUpsert) {
			u.UpdateSize().UpdateSha256().UpdateDumpSize().UpdateEncrypted().UpdateKeyID().UpdateProfileID().
				UpdateProfileName().UpdateDatabases().UpdateFormat().UpdateCompression().UpdateEngine().
				UpdateServerVersion().UpdateJobName().UpdateCreatedAt()
		}).Exec(ctx)
	if err != nil {
		return fmt.Errorf("record backup %s: %w", sc.Object, err)
	}
	return nil
}

// load returns a backup with its destination opened; the caller closes the storage.
func (s *Service) load(ctx context.Context, id pulid.ID) (*ent.Backup, storage.Storage, error) {
	b, err := s.client.Backup.Query().Where(entbackup.ID(id)).WithDestination().Only(viewer.Privileged(ctx))
	switch {
	case ent.IsNotFound(err):
		return nil, nil, fmt.Errorf("backup %s: %w", id, ErrNotFound)
	case err != nil:
		return nil, nil, fmt.Errorf("load backup %s: %w", id, err)
	}
	_, st, err := s.catalog.OpenDestination(ctx, b.Edges.Destination.ID)
	if err != nil {
		return nil, nil, err
	}
	return b, st, nil
}

// Verify re-hashes the stored object and records whether it still matches its recorded
// SHA-256. Needs storage:read; audited.
func (s *Service) Verify(ctx context.Context, id pulid.ID) (*ent.Backup, error) {
	if err := authz.Require(ctx, perm.StorageRead); err != nil {
		return nil, err
	}
	b, st, err := s.load(ctx, id)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	problem := ""
	rc, err := st.Get(ctx, b.ObjectKey)
	if err == nil && b.Sha256 == "" {
		_ = rc.Close()
		problem = "the sidecar records no SHA-256 (a seed backup written without a checksum), so the stored bytes " +
			"cannot be verified here; a restore or a decrypted download checks an encrypted one's authentication tag"
	} else if err != nil {
		problem = "cannot read the object: " + err.Error()
	} else {
		h := sha256.New()
		n, err := io.Copy(h, rc)
		_ = rc.Close()
		switch got := hex.EncodeToString(h.Sum(nil)); {
		case err != nil:
			problem = "reading the object failed: " + err.Error()
		case n != b.Size:
			problem = fmt.Sprintf("the object has %d bytes; %d were stored", n, b.Size)
		case got != b.Sha256:
			problem = fmt.Sprintf("SHA-256 %s differs from the recorded %s: the object was changed or damaged", got, b.Sha256)
		}
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	sys := viewer.SystemContext(ctx)
	b, err = s.client.Backup.UpdateOne(b).SetVerifiedAt(s.now()).SetVerifyOk(problem == "").SetVerifyError(problem).Save(sys)
	if err != nil {
		return nil, fmt.Errorf("record verification: %w", err)
	}
	return b, audit.Write(ctx, s.client, s.now(), audit.Entry{Action: ActionBackupVerify, EntityType: "Backup",
		EntityID: string(b.ID), Details: map[string]any{"object": b.ObjectKey, "ok": problem == ""}})
}

// Delete removes a backup from its destination, sidecar first (so it stops being a backup at
// once), then the object, then its record. Needs storage:delete; audited.
func (s *Service) Delete(ctx context.Context, id pulid.ID) error {
	if err := authz.Require(ctx, perm.StorageDelete); err != nil {
		return err
	}
	b, st, err := s.load(ctx, id)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Delete(ctx, sidecar.Name(b.ObjectKey)); err != nil {
		return fmt.Errorf("delete sidecar of %s: %w", b.ObjectKey, err)
	}
	if err := st.Delete(ctx, b.ObjectKey); err != nil {
		return fmt.Errorf("delete %s (its sidecar is gone; it shows as an unknown object): %w", b.ObjectKey, err)
	}
	if err := s.client.Backup.DeleteOneID(b.ID).Exec(viewer.SystemContext(ctx)); err != nil {
		return fmt.Errorf("forget backup %s: %w", b.ObjectKey, err)
	}
	return audit.Write(ctx, s.client, s.now(), audit.Entry{Action: ActionBackupDelete, EntityType: "Backup",
		EntityID: string(b.ID), Details: map[string]any{"object": b.ObjectKey, "destination": b.Edges.Destination.Name}})
}

// ActionBackupDownload is the audit action of a download.
const ActionBackupDownload = "backup.download"

// Download is an open stored backup, ready to stream.
type Download struct {
	// Name is the file name to offer: the object's base name, without ".enc" when decrypted.
	Name string
	// Size is the number of bytes that will be streamed, or -1 when decrypting.
	Size int64
	Body io.ReadCloser
}

// Open opens a backup for download: the stored bytes, or with decrypt the compressed dump
// inside (every chunk is authenticated before it is passed on; a damaged object ends the
// stream with an error). A seed backup (IsLegacy) is first read whole to find the profile key
// whose tag verifies (FindLegacyKey), then decrypted as it streams, its tag checked again at
// the end. Needs storage:download; audited.
func (s *Service) Open(ctx context.Context, id pulid.ID, decrypt bool) (Download, error) {
	if err := authz.Require(ctx, perm.StorageDownload); err != nil {
		return Download{}, err
	}
	b, st, err := s.load(ctx, id)
	if err != nil {
		return Download{}, err
	}
	var legacyMeta *legacy.Meta
	var legacyKey catalog.CandidateKey
	if decrypt && b.Encrypted && IsLegacy(b) {
		// Whole-file GCM has one tag, at the end: the key search verifies it before a byte is sent.
		if legacyMeta, err = ReadLegacyMeta(ctx, st, b.ObjectKey); err == nil {
			legacyKey, err = FindLegacyKey(ctx, s.catalog, st, b.ObjectKey, legacyMeta, nil)
		}
		if err != nil {
			_ = st.Close()
			return Download{}, err
		}
	}
	rc, err := st.Get(ctx, b.ObjectKey)
	if err != nil {
		_ = st.Close()
		return Download{}, fmt.Errorf("read %s: %w", b.ObjectKey, err)
	}
	d := Download{Name: path.Base(b.ObjectKey), Size: b.Size, Body: closers{rc, rc, st}}
	decrypted := decrypt && b.Encrypted
	if decrypted && legacyMeta != nil {
		// The tag is checked again at the end of this pass: a file changed since the key search
		// ends the stream with an error, which aborts the download.
		dr, err := legacy.Decrypt(rc, legacyKey.Key[:], legacyMeta)
		if err != nil {
			_ = rc.Close()
			_ = st.Close()
			return Download{}, err
		}
		d = Download{Name: strings.TrimSuffix(d.Name, ".enc"), Size: -1, Body: closers{dr, rc, st}}
	} else if decrypted {
		er, err := encfile.NewReader(rc, s.catalog.KeyLookup(ctx))
		if err != nil {
			_ = rc.Close()
			_ = st.Close()
			return Download{}, err
		}
		d = Download{Name: strings.TrimSuffix(d.Name, ".enc"), Size: -1, Body: closers{er, rc, st}}
	}
	err = audit.Write(ctx, s.client, s.now(), audit.Entry{Action: ActionBackupDownload, EntityType: "Backup",
		EntityID: string(b.ID), Details: map[string]any{"object": b.ObjectKey, "decrypted": decrypted}})
	if err != nil {
		_ = d.Body.Close()
		return Download{}, err
	}
	return d, nil
}

// closers reads from r and closes the object reader and the storage.
type closers struct {
	r  io.Reader
	rc io.Closer
	st io.Closer
}

func (c closers) Read(p []byte) (int, error) { return c.r.Read(p) }
func (c closers) Close() error               { return errors.Join(c.rc.Close(), c.st.Close()) }

// ActionBackupLock is the audit action of locking or unlocking a backup.
const ActionBackupLock = "backup.lock"

// SetLocked locks a backup, so that retention never deletes it, or unlocks it. Needs
// storage:delete (it decides what retention may delete); audited.
func (s *Service) SetLocked(ctx context.Context, id pulid.ID, locked bool) (*ent.Backup, error) {
	if err := authz.Require(ctx, perm.StorageDelete); err != nil {
		return nil, err
	}
	sys := viewer.SystemContext(ctx)
	b, err := s.client.Backup.UpdateOneID(id).SetLocked(locked).Save(sys)
	switch {
	case ent.IsNotFound(err):
		return nil, fmt.Errorf("backup %s: %w", id, ErrNotFound)
	case err != nil:
		return nil, fmt.Errorf("lock backup %s: %w", id, err)
	}
	return b, audit.Write(ctx, s.client, s.now(), audit.Entry{Action: ActionBackupLock, EntityType: "Backup",
		EntityID: string(b.ID), Fields: []string{"locked"}, Details: map[string]any{"object": b.ObjectKey, "locked": locked}})
}
