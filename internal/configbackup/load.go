package configbackup

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/dbackup/dbackup/ent"
	entapikey "github.com/dbackup/dbackup/ent/apikey"
	entdest "github.com/dbackup/dbackup/ent/destination"
	entprofile "github.com/dbackup/dbackup/ent/encryptionprofile"
	entjobtarget "github.com/dbackup/dbackup/ent/jobtarget"
	entchannel "github.com/dbackup/dbackup/ent/notificationchannel"
	entsource "github.com/dbackup/dbackup/ent/source"
	entsso "github.com/dbackup/dbackup/ent/ssoprovider"
	entuser "github.com/dbackup/dbackup/ent/user"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/vault"
)

// secretTables names the table of each kind of item with sealed columns.
var secretTables = map[string]string{
	KindSource:              entsource.Table,
	KindDestination:         entdest.Table,
	KindEncryptionProfile:   entprofile.Table,
	KindNotificationChannel: entchannel.Table,
	KindSSOProvider:         entsso.Table,
	KindUser:                entuser.Table,
}

// secretColumns returns the columns of kind that travel in the envelope: every sealed column,
// except that users' (TOTP secret, recovery codes, and the password hash) go only with hashes.
func secretColumns(kind string, withHashes bool) []string {
	if kind == KindUser {
		if !withHashes {
			return nil
		}
		return append(slices.Clone(ent.SecretColumns[entuser.Table]), columnPasswordHash)
	}
	return ent.SecretColumns[secretTables[kind]]
}

// state is a database's configuration in the document's form.
type state struct {
	items   Items
	secrets secretSet
	// ids maps kind → name → row id.
	ids map[string]map[string]pulid.ID
	// broken marks items with a secret the loaded keys do not open (lenient loads only).
	broken map[string]map[string]bool
}

// loadOptions say which secrets to open and what to do when one does not open.
type loadOptions struct {
	secrets bool
	hashes  bool
	// strict fails on a secret that does not open; otherwise the item is marked broken.
	strict bool
}

// load reads the configuration of c. ctx must be allowed to read everything.
func load(ctx context.Context, c *ent.Client, opts loadOptions) (*state, error) {
	st := &state{secrets: secretSet{}, ids: map[string]map[string]pulid.ID{}, broken: map[string]map[string]bool{}}
	kr := keyring(c)
	if opts.secrets && kr == nil {
		return nil, fmt.Errorf("config backup: the ent client has no keyring to open secrets with")
	}
	// secrets records an item's id and, when asked, its opened secrets.
	secrets := func(kind, name string, id pulid.ID, row sealedRow, extra map[string]string) error {
		if st.ids[kind] == nil {
			st.ids[kind] = map[string]pulid.ID{}
		}
		st.ids[kind][name] = id
		cols := secretColumns(kind, opts.hashes)
		if !opts.secrets || len(cols) == 0 {
			return nil
		}
		opened, err := openRow(kr, secretTables[kind], id, row, fmt.Sprintf("%s %q", kind, name))
		if err != nil {
			if opts.strict {
				return fmt.Errorf("export secrets: %w", err)
			}
			if st.broken[kind] == nil {
				st.broken[kind] = map[string]bool{}
			}
			st.broken[kind][name] = true
			return nil
		}
		for col, v := range extra {
			opened[col] = vault.NewSecret(v)
		}
		for _, col := range cols {
			st.secrets.put(kind, name, col, opened[col])
		}
		return nil
	}

	sources, err := c.Source.Query().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load sources: %w", err)
	}
	for _, r := range sources {
		st.items.Sources = append(st.items.Sources, fromSource(r))
		if err := secrets(KindSource, r.Name, r.ID, r, nil); err != nil {
			return nil, err
		}
	}
	dests, err := c.Destination.Query().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load destinations: %w", err)
	}
	for _, r := range dests {
		st.items.Destinations = append(st.items.Destinations, fromDestination(r))
		if err := secrets(KindDestination, r.Name, r.ID, r, nil); err != nil {
			return nil, err
		}
	}
	profiles, err := c.EncryptionProfile.Query().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load encryption profiles: %w", err)
	}
	for _, r := range profiles {
		st.items.EncryptionProfiles = append(st.items.EncryptionProfiles, EncryptionProfile{Name: r.Name, Description: r.Description, KeyID: r.KeyID})
		if err := secrets(KindEncryptionProfile, r.Name, r.ID, r, nil); err != nil {
			return nil, err
		}
	}
	channels, err := c.NotificationChannel.Query().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load notification channels: %w", err)
	}
	for _, r := range channels {
		st.items.NotificationChannels = append(st.items.NotificationChannels, fromChannel(r))
		if err := secrets(KindNotificationChannel, r.Name, r.ID, r, nil); err != nil {
			return nil, err
		}
	}
	ssos, err := c.SSOProvider.Query().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load SSO providers: %w", err)
	}
	for _, r := range ssos {
		st.items.SSOProviders = append(st.items.SSOProviders, fromSSO(r))
		if err := secrets(KindSSOProvider, r.Name, r.ID, r, nil); err != nil {
			return nil, err
		}
	}
	groups, err := c.Group.Query().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load groups: %w", err)
	}
	for _, r := range groups {
		st.items.Groups = append(st.items.Groups, Group{Name: r.Name, Description: r.Description, Permissions: r.Permissions, Builtin: r.Builtin})
		if err := secrets(KindGroup, r.Name, r.ID, nil, nil); err != nil {
			return nil, err
		}
	}
	users, err := c.User.Query().WithGroups().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load users: %w", err)
	}
	for _, r := range users {
		u := User{Username: r.Username, Email: r.Email, DisplayName: r.DisplayName, Disabled: r.Disabled,
			OIDCIssuer: deref(r.OidcIssuer), OIDCSubject: deref(r.OidcSubject)}
		if opts.hashes {
			u.TOTPEnabled = r.TotpEnabled
		}
		for _, g := range r.Edges.Groups {
			u.Groups = append(u.Groups, g.Name)
		}
		slices.Sort(u.Groups)
		st.items.Users = append(st.items.Users, u)
		if err := secrets(KindUser, r.Username, r.ID, r, map[string]string{columnPasswordHash: r.PasswordHash}); err != nil {
			return nil, err
		}
	}
	jobs, err := c.Job.Query().WithSource().WithEncryptionProfile().
		WithTargets(func(q *ent.JobTargetQuery) { q.WithDestination().Order(ent.Asc(entjobtarget.FieldPosition)) }).
		WithNotifySuccess().WithNotifyPartial().WithNotifyFailure().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load jobs: %w", err)
	}
	for _, r := range jobs {
		st.items.Jobs = append(st.items.Jobs, fromJob(r))
		if err := secrets(KindJob, r.Name, r.ID, nil, nil); err != nil {
			return nil, err
		}
	}
	keys, err := c.APIKey.Query().WithOwner().Order(ent.Asc(entapikey.FieldPrefix)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load API keys: %w", err)
	}
	for _, r := range keys {
		k := APIKey{Name: r.Name, Prefix: r.Prefix, Scopes: r.Scopes, ExpiresAt: r.ExpiresAt, Revoked: r.RevokedAt != nil}
		if r.Edges.Owner != nil {
			k.Owner = r.Edges.Owner.Username
		}
		st.items.APIKeys = append(st.items.APIKeys, k)
	}
	settings, err := c.Setting.Query().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load settings: %w", err)
	}
	for _, r := range settings {
		st.items.Settings = append(st.items.Settings, Setting{Key: r.Key, Value: r.Value})
		if err := secrets(KindSetting, r.Key, r.ID, nil, nil); err != nil {
			return nil, err
		}
	}
	st.items.sort()
	return st, nil
}

// sort orders every list by name, so that exports of the same state are identical.
func (it *Items) sort() {
	slices.SortFunc(it.Sources, func(a, b Source) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(it.Destinations, func(a, b Destination) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(it.EncryptionProfiles, func(a, b EncryptionProfile) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(it.NotificationChannels, func(a, b NotificationChannel) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(it.SSOProviders, func(a, b SSOProvider) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(it.Groups, func(a, b Group) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(it.Users, func(a, b User) int { return cmp.Compare(a.Username, b.Username) })
	slices.SortFunc(it.Jobs, func(a, b Job) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(it.APIKeys, func(a, b APIKey) int {
		return cmp.Or(cmp.Compare(a.Owner, b.Owner), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Prefix, b.Prefix))
	})
	slices.SortFunc(it.Settings, func(a, b Setting) int { return cmp.Compare(a.Key, b.Key) })
}

func fromSource(r *ent.Source) Source {
	return Source{Name: r.Name, Engine: string(r.Engine), Host: r.Host, Port: r.Port, Username: r.Username,
		Database: r.Database, Options: r.Options, TLSMode: string(r.TLSMode), TLSCACert: r.TLSCaCert,
		TLSClientCert: r.TLSClientCert, SSHEnabled: r.SSHEnabled, SSHHost: r.SSHHost, SSHPort: r.SSHPort,
		SSHUsername: r.SSHUsername, SSHHostKeyFingerprint: r.SSHHostKeyFingerprint}
}

func fromDestination(r *ent.Destination) Destination {
	return Destination{Name: r.Name, Kind: string(r.Kind), Settings: r.Settings, AccessKeyID: r.AccessKeyID}
}

func fromChannel(r *ent.NotificationChannel) NotificationChannel {
	return NotificationChannel{Name: r.Name, Kind: string(r.Kind), Settings: r.Settings, Enabled: r.Enabled, SystemEvents: r.SystemEvents}
}

func fromSSO(r *ent.SSOProvider) SSOProvider {
	return SSOProvider{Name: r.Name, IssuerURL: r.IssuerURL, ClientID: r.ClientID, Scopes: r.Scopes,
		AllowedEmailDomains: r.AllowedEmailDomains, AutoProvision: r.AutoProvision, LinkByVerifiedEmail: r.LinkByVerifiedEmail,
		GroupsClaim: r.GroupsClaim, GroupMapping: r.GroupMapping, DefaultGroup: r.DefaultGroup, Enabled: r.Enabled}
}

func fromJob(r *ent.Job) Job {
	j := Job{Name: r.Name, Databases: r.Databases, Compression: string(r.Compression), Schedule: r.Schedule,
		Timezone: r.Timezone, Enabled: r.Enabled, CatchUp: string(r.CatchUp), NameTemplate: r.NameTemplate,
		Targets: []Target{}}
	if r.Edges.Source != nil {
		j.Source = r.Edges.Source.Name
	}
	if r.Edges.EncryptionProfile != nil {
		j.EncryptionProfile = r.Edges.EncryptionProfile.Name
	}
	for _, t := range r.Edges.Targets {
		tg := Target{KeepLast: t.KeepLast, KeepDaily: t.KeepDaily, KeepWeekly: t.KeepWeekly,
			KeepMonthly: t.KeepMonthly, KeepYearly: t.KeepYearly, KeepDays: t.KeepDays}
		if t.Edges.Destination != nil {
			tg.Destination = t.Edges.Destination.Name
		}
		j.Targets = append(j.Targets, tg)
	}
	j.Notify = Notify{Success: channelNames(r.Edges.NotifySuccess), Partial: channelNames(r.Edges.NotifyPartial), Failure: channelNames(r.Edges.NotifyFailure)}
	return j
}

func channelNames(cs []*ent.NotificationChannel) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	slices.Sort(out)
	return out
}

// deref is *p, or the zero value for nil.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
