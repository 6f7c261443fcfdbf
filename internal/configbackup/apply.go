package configbackup

import (
	"context"
	"fmt"
	"time"

	entgo "entgo.io/ent"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/audit"
	"github.com/dbackup/dbackup/internal/pulid"
	"github.com/dbackup/dbackup/internal/txn"
	"github.com/dbackup/dbackup/internal/viewer"
)

// ActionImport is the audit action of an import.
const ActionImport = "config.import"

// Apply imports doc under policy in one transaction and returns what it did. Secrets are
// written through ent, so the entvault hook seals them under the current ENCRYPTION_KEY. On any
// error nothing is written. The caller must have authorized the request: Apply writes with a
// privileged context.
func Apply(ctx context.Context, c *ent.Client, doc *Document, policy Policy) (Plan, error) {
	ctx = viewer.Privileged(ctx)
	var plan Plan
	err := txn.Run(ctx, c, func(tx *ent.Tx) error {
		p, err := newPlanner(ctx, tx.Client(), doc, policy)
		if err != nil {
			return err
		}
		a := &applier{c: tx.Client(), doc: p.doc, ids: map[string]map[string]pulid.ID{}, now: time.Now()}
		for kind, m := range p.cur.ids {
			a.ids[kind] = map[string]pulid.ID{}
			for n, id := range m {
				a.ids[kind][n] = id
			}
		}
		counts := map[string]int{}
		for _, ch := range p.plan.Changes {
			if err := a.apply(ctx, ch); err != nil {
				name := ch.Name
				if ch.NewName != "" {
					name = ch.NewName
				}
				return fmt.Errorf("import %s %q: %w", ch.Kind, name, err)
			}
			counts[ch.Action]++
		}
		plan = p.plan
		return audit.Write(ctx, a.c, a.now, audit.Entry{
			Action: ActionImport, EntityType: "Config",
			Details: map[string]any{"policy": string(policy), "secrets": doc.Secrets, "exportedAt": doc.ExportedAt,
				"dbackupVersion": doc.DBackupVersion, "changes": counts},
		})
	})
	if err != nil {
		return Plan{}, err
	}
	return plan, nil
}

// applier writes the changes of a plan through a transaction's client.
type applier struct {
	c   *ent.Client
	doc *Document
	// ids maps kind → name → id, for existing items and those created so far.
	ids map[string]map[string]pulid.ID
	now time.Time
}

// target is the name an item has after the change.
func target(ch Change) string {
	if ch.NewName != "" {
		return ch.NewName
	}
	return ch.Name
}

func (a *applier) apply(ctx context.Context, ch Change) error {
	if ch.Action != ActionCreate && ch.Action != ActionUpdate {
		return nil
	}
	name := target(ch)
	var id pulid.ID
	if ch.Action == ActionUpdate {
		id = a.ids[ch.Kind][name]
	}
	it := &a.doc.Items
	var err error
	switch ch.Kind {
	case KindGroup:
		id, err = a.group(ctx, *find(it.Groups, name, func(v Group) string { return v.Name }), id)
	case KindSource:
		id, err = a.source(ctx, *find(it.Sources, name, func(v Source) string { return v.Name }), id)
	case KindDestination:
		id, err = a.destination(ctx, *find(it.Destinations, name, func(v Destination) string { return v.Name }), id)
	case KindEncryptionProfile:
		id, err = a.profile(ctx, *find(it.EncryptionProfiles, name, func(v EncryptionProfile) string { return v.Name }), id)
	case KindNotificationChannel:
		id, err = a.channel(ctx, *find(it.NotificationChannels, name, func(v NotificationChannel) string { return v.Name }), id)
	case KindSSOProvider:
		id, err = a.sso(ctx, *find(it.SSOProviders, name, func(v SSOProvider) string { return v.Name }), id)
	case KindUser:
		id, err = a.user(ctx, *find(it.Users, name, func(v User) string { return v.Username }), id)
	case KindJob:
		id, err = a.job(ctx, *find(it.Jobs, name, func(v Job) string { return v.Name }), id)
	case KindSetting:
		id, err = a.setting(ctx, *find(it.Settings, name, func(v Setting) string { return v.Key }), id)
	default:
		err = fmt.Errorf("unknown kind %q", ch.Kind)
	}
	if err != nil {
		return err
	}
	if a.ids[ch.Kind] == nil {
		a.ids[ch.Kind] = map[string]pulid.ID{}
	}
	a.ids[ch.Kind][name] = id
	return nil
}

// mutation is the part of an ent mutation that writes fields by name.
type mutation interface {
	SetField(name string, value entgo.Value) error
	ClearField(name string) error
}

// secrets writes an item's secrets from a sealed document into m. On update (clear) a secret
// the document does not hold is cleared, so that the item ends up as exported. A document
// without secrets, or users without password hashes, leave stored secrets alone.
func (a *applier) secrets(m mutation, kind, name string, clear bool) error {
	if a.doc.Secrets != SecretsSealed {
		return nil
	}
	values := a.doc.secrets[kind][name]
	for _, col := range secretColumns(kind, a.doc.PasswordHashes) {
		v := values[col]
		if v.IsEmpty() {
			if clear {
				if err := m.ClearField(col); err != nil {
					return fmt.Errorf("clear %s: %w", col, err)
				}
			}
			continue
		}
		if err := m.SetField(col, v.Reveal()); err != nil {
			return fmt.Errorf("set %s: %w", col, err)
		}
	}
	return nil
}

// ref returns the id of the item of kind named name, created or existing.
func (a *applier) ref(kind, name string) (pulid.ID, error) {
	id, ok := a.ids[kind][name]
	if !ok {
		return "", fmt.Errorf("%s %q not found", kind, name)
	}
	return id, nil
}

func (a *applier) refs(kind string, names []string) ([]pulid.ID, error) {
	out := make([]pulid.ID, 0, len(names))
	for _, n := range names {
		id, err := a.ref(kind, n)
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}
