package schema

import (
	"entgo.io/ent"

	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/authz"
)

// The ent privacy policies: the backstop behind the GraphQL directives. Every entity has one,
// so a query or mutation from any code path needs a viewer with the permission; background work
// runs under viewer.SystemContext, domain services under viewer.Privileged. The rule bodies
// are in internal/authz.

// Policy of Source.
func (Source) Policy() ent.Policy { return authz.ReadWrite(perm.SourcesRead, perm.SourcesWrite) }

// Policy of Destination.
func (Destination) Policy() ent.Policy {
	return authz.ReadWrite(perm.DestinationsRead, perm.DestinationsWrite)
}

// Policy of EncryptionProfile.
func (EncryptionProfile) Policy() ent.Policy { return authz.ReadWrite(perm.VaultRead, perm.VaultWrite) }

// Policy of SSOProvider.
func (SSOProvider) Policy() ent.Policy { return authz.ReadWrite(perm.SSORead, perm.SSOWrite) }

// Policy of Setting.
func (Setting) Policy() ent.Policy { return authz.ReadWrite(perm.SettingsRead, perm.SettingsWrite) }

// Policy of Group.
func (Group) Policy() ent.Policy { return authz.ReadWrite(perm.GroupsRead, perm.GroupsWrite) }

// Policy of User.
func (User) Policy() ent.Policy { return authz.UserPolicy() }

// Policy of APIKey.
func (APIKey) Policy() ent.Policy { return authz.APIKeyPolicy() }

// Policy of Session.
func (Session) Policy() ent.Policy { return authz.SessionPolicy() }

// Policy of AuditEntry.
func (AuditEntry) Policy() ent.Policy { return authz.SystemWrites(perm.AuditRead) }

// Policy of KeyCheck.
func (KeyCheck) Policy() ent.Policy { return authz.SystemOnly() }

// Policy of Job.
func (Job) Policy() ent.Policy { return authz.ReadWrite(perm.JobsRead, perm.JobsWrite) }

// Policy of JobTarget: part of its job.
func (JobTarget) Policy() ent.Policy { return authz.ReadWrite(perm.JobsRead, perm.JobsWrite) }

// Policy of Execution: runs are written by the workers only.
func (Execution) Policy() ent.Policy { return authz.SystemWrites(perm.HistoryRead) }

// Policy of Backup: the records of stored objects are written by the workers only.
func (Backup) Policy() ent.Policy { return authz.SystemWrites(perm.StorageRead) }

// Policy of DownloadLink: only the domain service touches links, after checking the caller.
func (DownloadLink) Policy() ent.Policy { return authz.SystemOnly() }

// Policy of NotificationChannel.
func (NotificationChannel) Policy() ent.Policy {
	return authz.ReadWrite(perm.NotificationsRead, perm.NotificationsWrite)
}

// Policy of NotificationDelivery: written by the dispatcher only.
func (NotificationDelivery) Policy() ent.Policy { return authz.SystemWrites(perm.NotificationsRead) }
