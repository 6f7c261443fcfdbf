package configbackup

import (
	"context"
	"slices"

	"github.com/dbackup/dbackup/ent"
	entdest "github.com/dbackup/dbackup/ent/destination"
	entjob "github.com/dbackup/dbackup/ent/job"
	entjobtarget "github.com/dbackup/dbackup/ent/jobtarget"
	entchannel "github.com/dbackup/dbackup/ent/notificationchannel"
	entsource "github.com/dbackup/dbackup/ent/source"
	entuser "github.com/dbackup/dbackup/ent/user"
	"github.com/dbackup/dbackup/internal/auth/perm"
	"github.com/dbackup/dbackup/internal/catalog"
	"github.com/dbackup/dbackup/internal/pulid"
)

// Each writer below creates the item when id is empty and otherwise overwrites the row id,
// and returns the row's id.

func (a *applier) group(ctx context.Context, g Group, id pulid.ID) (pulid.ID, error) {
	if id == "" {
		q := a.c.Group.Create().SetName(g.Name).SetDescription(g.Description).SetPermissions(g.Permissions)
		if g.Builtin {
			// The Admins group always holds every permission this version knows.
			q.SetBuiltin(true).SetPermissions(perm.AllSet().Strings())
		}
		r, err := q.Save(ctx)
		if err != nil {
			return "", err
		}
		return r.ID, nil
	}
	return id, a.c.Group.UpdateOneID(id).SetDescription(g.Description).SetPermissions(g.Permissions).Exec(ctx)
}

func (a *applier) source(ctx context.Context, s Source, id pulid.ID) (pulid.ID, error) {
	var m *ent.SourceMutation
	var save func() (pulid.ID, error)
	if id == "" {
		q := a.c.Source.Create()
		m, save = q.Mutation(), func() (pulid.ID, error) { _, err := q.Save(ctx); return saved(m, err) }
	} else {
		q := a.c.Source.UpdateOneID(id)
		m, save = q.Mutation(), func() (pulid.ID, error) { return id, q.Exec(ctx) }
		m.ClearOptions()
	}
	m.SetName(s.Name)
	m.SetEngine(entsource.Engine(s.Engine))
	m.SetHost(s.Host)
	m.SetPort(s.Port)
	m.SetUsername(s.Username)
	m.SetDatabase(s.Database)
	if s.Options != nil {
		m.SetOptions(s.Options)
	}
	m.SetTLSMode(entsource.TLSMode(s.TLSMode))
	m.SetTLSCaCert(s.TLSCACert)
	m.SetTLSClientCert(s.TLSClientCert)
	m.SetSSHEnabled(s.SSHEnabled)
	m.SetSSHHost(s.SSHHost)
	m.SetSSHPort(s.SSHPort)
	m.SetSSHUsername(s.SSHUsername)
	m.SetSSHHostKeyFingerprint(s.SSHHostKeyFingerprint)
	if err := a.secrets(m, KindSource, s.Name, id != ""); err != nil {
		return "", err
	}
	return save()
}

func (a *applier) destination(ctx context.Context, d Destination, id pulid.ID) (pulid.ID, error) {
	var m *ent.DestinationMutation
	var save func() (pulid.ID, error)
	if id == "" {
		q := a.c.Destination.Create()
		m, save = q.Mutation(), func() (pulid.ID, error) { _, err := q.Save(ctx); return saved(m, err) }
	} else {
		q := a.c.Destination.UpdateOneID(id)
		m, save = q.Mutation(), func() (pulid.ID, error) { return id, q.Exec(ctx) }
		m.ClearSettings()
	}
	m.SetName(d.Name)
	m.SetKind(entdest.Kind(d.Kind))
	if d.Settings != nil {
		m.SetSettings(d.Settings)
	}
	m.SetAccessKeyID(d.AccessKeyID)
	if err := a.secrets(m, KindDestination, d.Name, id != ""); err != nil {
		return "", err
	}
	return save()
}

func (a *applier) profile(ctx context.Context, p EncryptionProfile, id pulid.ID) (pulid.ID, error) {
	if id == "" {
		q := a.c.EncryptionProfile.Create().SetName(p.Name).SetDescription(p.Description).SetKeyID(p.KeyID)
		if err := a.secrets(q.Mutation(), KindEncryptionProfile, p.Name, false); err != nil {
			return "", err
		}
		_, err := q.Save(ctx)
		return saved(q.Mutation(), err)
	}
	// The key id is immutable and the planner never overwrites a profile with another key, so
	// an update changes the description or restores the same key.
	q := a.c.EncryptionProfile.UpdateOneID(id).SetDescription(p.Description)
	if err := a.secrets(q.Mutation(), KindEncryptionProfile, p.Name, false); err != nil {
		return "", err
	}
	return id, q.Exec(ctx)
}

func (a *applier) channel(ctx context.Context, c NotificationChannel, id pulid.ID) (pulid.ID, error) {
	var m *ent.NotificationChannelMutation
	var save func() (pulid.ID, error)
	if id == "" {
		q := a.c.NotificationChannel.Create()
		m, save = q.Mutation(), func() (pulid.ID, error) { _, err := q.Save(ctx); return saved(m, err) }
	} else {
		q := a.c.NotificationChannel.UpdateOneID(id)
		m, save = q.Mutation(), func() (pulid.ID, error) { return id, q.Exec(ctx) }
		m.ClearSettings()
		m.ClearSystemEvents()
	}
	m.SetName(c.Name)
	m.SetKind(entchannel.Kind(c.Kind))
	if c.Settings != nil {
		m.SetSettings(c.Settings)
	}
	m.SetEnabled(c.Enabled)
	if c.SystemEvents != nil {
		m.SetSystemEvents(c.SystemEvents)
	}
	if err := a.secrets(m, KindNotificationChannel, c.Name, id != ""); err != nil {
		return "", err
	}
	return save()
}

func (a *applier) sso(ctx context.Context, s SSOProvider, id pulid.ID) (pulid.ID, error) {
	var m *ent.SSOProviderMutation
	var save func() (pulid.ID, error)
	if id == "" {
		q := a.c.SSOProvider.Create()
		m, save = q.Mutation(), func() (pulid.ID, error) { _, err := q.Save(ctx); return saved(m, err) }
	} else {
		q := a.c.SSOProvider.UpdateOneID(id)
		m, save = q.Mutation(), func() (pulid.ID, error) { return id, q.Exec(ctx) }
		m.ClearScopes()
		m.ClearAllowedEmailDomains()
		m.ClearGroupMapping()
	}
	m.SetName(s.Name)
	m.SetIssuerURL(s.IssuerURL)
	m.SetClientID(s.ClientID)
	if s.Scopes != nil {
		m.SetScopes(s.Scopes)
	}
	if s.AllowedEmailDomains != nil {
		m.SetAllowedEmailDomains(s.AllowedEmailDomains)
	}
	m.SetAutoProvision(s.AutoProvision)
	m.SetLinkByVerifiedEmail(s.LinkByVerifiedEmail)
	m.SetGroupsClaim(s.GroupsClaim)
	if s.GroupMapping != nil {
		m.SetGroupMapping(s.GroupMapping)
	}
	m.SetDefaultGroup(s.DefaultGroup)
	m.SetEnabled(s.Enabled)
	if err := a.secrets(m, KindSSOProvider, s.Name, id != ""); err != nil {
		return "", err
	}
	return save()
}

// user writes a user. Without password hashes in the document, a new user has no password
// hash, which DBackup's sign-in treats as "no password": the user signs in through SSO until an
// administrator sets a password; an existing user keeps its password and second factor.
func (a *applier) user(ctx context.Context, u User, id pulid.ID) (pulid.ID, error) {
	groups, err := a.refs(KindGroup, u.Groups)
	if err != nil {
		return "", err
	}
	var m *ent.UserMutation
	var save func() (pulid.ID, error)
	if id == "" {
		q := a.c.User.Create().AddGroupIDs(groups...)
		m, save = q.Mutation(), func() (pulid.ID, error) { _, err := q.Save(ctx); return saved(m, err) }
	} else {
		have, err := a.c.User.Query().Where(entuser.ID(id)).QueryGroups().IDs(ctx)
		if err != nil {
			return "", err
		}
		q := a.c.User.UpdateOneID(id)
		for _, g := range groups {
			if !slices.Contains(have, g) {
				q.AddGroupIDs(g)
			}
		}
		for _, g := range have {
			if !slices.Contains(groups, g) {
				q.RemoveGroupIDs(g)
			}
		}
		m, save = q.Mutation(), func() (pulid.ID, error) { return id, q.Exec(ctx) }
	}
	m.SetUsername(u.Username)
	m.SetEmail(u.Email)
	m.SetDisplayName(u.DisplayName)
	m.SetDisabled(u.Disabled)
	// A user without an SSO identity has NULL in both columns: the (issuer, subject) index is
	// unique, and NULLs never collide where empty strings would. An identity belongs to one
	// user, so a copy made under another name (policy rename) is created without it.
	linked := u.OIDCIssuer != "" && u.OIDCSubject != ""
	if linked {
		taken, err := a.c.User.Query().Where(entuser.OidcIssuer(u.OIDCIssuer), entuser.OidcSubject(u.OIDCSubject), entuser.IDNEQ(id)).Exist(ctx)
		if err != nil {
			return "", err
		}
		linked = !taken
	}
	if linked {
		m.SetOidcIssuer(u.OIDCIssuer)
		m.SetOidcSubject(u.OIDCSubject)
	} else {
		m.ClearOidcIssuer()
		m.ClearOidcSubject()
	}
	if a.doc.PasswordHashes {
		m.SetTotpEnabled(u.TOTPEnabled)
	}
	if err := a.secrets(m, KindUser, u.Username, id != ""); err != nil {
		return "", err
	}
	return save()
}

func (a *applier) job(ctx context.Context, j Job, id pulid.ID) (pulid.ID, error) {
	src, err := a.ref(KindSource, j.Source)
	if err != nil {
		return "", err
	}
	var profile *pulid.ID
	if j.EncryptionProfile != "" {
		p, err := a.ref(KindEncryptionProfile, j.EncryptionProfile)
		if err != nil {
			return "", err
		}
		profile = &p
	}
	success, err := a.refs(KindNotificationChannel, j.Notify.Success)
	if err != nil {
		return "", err
	}
	partial, err := a.refs(KindNotificationChannel, j.Notify.Partial)
	if err != nil {
		return "", err
	}
	failure, err := a.refs(KindNotificationChannel, j.Notify.Failure)
	if err != nil {
		return "", err
	}
	var m *ent.JobMutation
	var save func() (pulid.ID, error)
	if id == "" {
		q := a.c.Job.Create()
		m, save = q.Mutation(), func() (pulid.ID, error) { _, err := q.Save(ctx); return saved(m, err) }
	} else {
		q := a.c.Job.UpdateOneID(id)
		m, save = q.Mutation(), func() (pulid.ID, error) { return id, q.Exec(ctx) }
		m.ClearDatabases()
		m.ClearEncryptionProfile()
		m.ClearNotifySuccess()
		m.ClearNotifyPartial()
		m.ClearNotifyFailure()
		if _, err := a.c.JobTarget.Delete().Where(entjobtarget.HasJobWith(entjob.ID(id))).Exec(ctx); err != nil {
			return "", err
		}
	}
	m.SetName(j.Name)
	m.SetSourceID(src)
	if j.Databases != nil {
		m.SetDatabases(j.Databases)
	}
	m.SetCompression(entjob.Compression(j.Compression))
	m.SetSchedule(j.Schedule)
	m.SetTimezone(j.Timezone)
	m.SetEnabled(j.Enabled)
	m.SetCatchUp(entjob.CatchUp(j.CatchUp))
	m.SetNameTemplate(j.NameTemplate)
	if profile != nil {
		m.SetEncryptionProfileID(*profile)
	}
	m.AddNotifySuccesIDs(success...)
	m.AddNotifyPartialIDs(partial...)
	m.AddNotifyFailureIDs(failure...)
	// The scheduler fires at next_run_at, counted from the import.
	if next := catalog.NextRun(&ent.Job{Schedule: j.Schedule, Timezone: j.Timezone, Enabled: j.Enabled}, a.now); next != nil {
		m.SetNextRunAt(*next)
	} else {
		m.ClearNextRunAt()
	}
	jobID, err := save()
	if err != nil {
		return "", err
	}
	for pos, t := range j.Targets {
		dst, err := a.ref(KindDestination, t.Destination)
		if err != nil {
			return "", err
		}
		err = a.c.JobTarget.Create().SetJobID(jobID).SetDestinationID(dst).SetPosition(pos).
			SetNillableKeepLast(t.KeepLast).SetNillableKeepDaily(t.KeepDaily).SetNillableKeepWeekly(t.KeepWeekly).
			SetNillableKeepMonthly(t.KeepMonthly).SetNillableKeepYearly(t.KeepYearly).SetNillableKeepDays(t.KeepDays).
			Exec(ctx)
		if err != nil {
			return "", err
		}
	}
	return jobID, nil
}

func (a *applier) setting(ctx context.Context, s Setting, id pulid.ID) (pulid.ID, error) {
	if id == "" {
		q := a.c.Setting.Create().SetKey(s.Key).SetValue(s.Value)
		_, err := q.Save(ctx)
		return saved(q.Mutation(), err)
	}
	return id, a.c.Setting.UpdateOneID(id).SetValue(s.Value).Exec(ctx)
}

// saved returns the id of the row a create mutation saved; the id default is applied before
// the save, so the mutation knows it.
func saved(m interface{ ID() (pulid.ID, bool) }, err error) (pulid.ID, error) {
	if err != nil {
		return "", err
	}
	id, _ := m.ID()
	return id, nil
}
