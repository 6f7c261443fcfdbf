package configbackup

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dbackup/dbackup/ent"
	"github.com/dbackup/dbackup/internal/viewer"
)

// Policy says what an import does with an item whose name exists and whose content differs.
type Policy string

// The policies.
const (
	// PolicySkip keeps the existing item.
	PolicySkip Policy = "skip"
	// PolicyOverwrite updates the existing item, keeping its id, so that its history stays.
	PolicyOverwrite Policy = "overwrite"
	// PolicyRename creates the imported item under a free name and points the document's
	// references to it there.
	PolicyRename Policy = "rename"
)

// Actions of a Change.
const (
	// ActionCreate creates the item (under NewName when it is set).
	ActionCreate = "create"
	// ActionUpdate overwrites the existing item of that name.
	ActionUpdate = "update"
	// ActionUnchanged is an item that exists with the same content.
	ActionUnchanged = "unchanged"
	// ActionConflict is an item that exists with other content and is kept as it is.
	ActionConflict = "conflict"
)

// Change is what an import does with one item of the document.
type Change struct {
	// Kind is one of the Kind constants.
	Kind string
	// Name is the item's name in the document.
	Name string
	// Action is one of the Action constants.
	Action string
	// Detail says why, such as which fields differ.
	Detail string
	// NewName is the name the item is created under by PolicyRename.
	NewName string
}

// Plan is what an import does: one change per item, in the order Apply writes them, and
// warnings about what the import cannot carry over.
type Plan struct {
	Changes  []Change
	Warnings []string
}

// Validate checks that p is a known policy.
func (p Policy) Validate() error {
	switch p {
	case PolicySkip, PolicyOverwrite, PolicyRename:
		return nil
	}
	return fmt.Errorf("%w: import policy %q, want skip, overwrite or rename", ErrInvalid, p)
}

// PlanImport shows what Apply would do with doc under policy, without writing anything.
func PlanImport(ctx context.Context, c *ent.Client, doc *Document, policy Policy) (Plan, error) {
	p, err := newPlanner(viewer.Privileged(ctx), c, doc, policy)
	if err != nil {
		return Plan{}, err
	}
	return p.plan, nil
}

// planner decides each item's change against the current state, renaming items of a working
// copy of the document (and the references to them) as PolicyRename asks.
type planner struct {
	doc    *Document
	cur    *state
	policy Policy
	plan   Plan
	// taken holds, per kind, every name in the database, in the document, or chosen by a rename.
	taken map[string]map[string]bool
}

func newPlanner(ctx context.Context, c *ent.Client, doc *Document, policy Policy) (*planner, error) {
	if err := policy.Validate(); err != nil {
		return nil, err
	}
	if err := doc.validate(); err != nil {
		return nil, err
	}
	work, err := doc.clone()
	if err != nil {
		return nil, err
	}
	cur, err := load(ctx, c, loadOptions{secrets: doc.Secrets == SecretsSealed, hashes: doc.PasswordHashes})
	if err != nil {
		return nil, err
	}
	p := &planner{doc: work, cur: cur, policy: policy, taken: map[string]map[string]bool{}}
	ix, _ := work.index()
	for kind, ns := range ix {
		p.taken[kind] = maps.Clone(ns)
		for n := range cur.ids[kind] {
			p.taken[kind][n] = true
		}
	}
	p.run()
	return p, nil
}

// clone returns a deep copy of the document that renames can change.
func (d *Document) clone() (*Document, error) {
	b, err := json.Marshal(d.Items)
	if err != nil {
		return nil, fmt.Errorf("copy document: %w", err)
	}
	out := *d
	out.Items = Items{}
	if err := json.Unmarshal(b, &out.Items); err != nil {
		return nil, fmt.Errorf("copy document: %w", err)
	}
	out.Items.normalize()
	out.secrets = secretSet{}
	for kind, items := range d.secrets {
		for name, cols := range items {
			for col, v := range cols {
				out.secrets.put(kind, name, col, v)
			}
		}
	}
	return &out, nil
}

// run plans every item, dependencies first, so that renames reach the items that refer to them.
func (p *planner) run() {
	it := &p.doc.Items
	for i := range it.Groups {
		g := &it.Groups[i]
		if g.Builtin {
			p.builtinGroup(g)
			continue
		}
		g.Name = p.decide(KindGroup, g.Name, *g, orNil(p.existingGroup(g.Name)), nil)
	}
	for i := range it.Sources {
		s := &it.Sources[i]
		s.Name = p.decide(KindSource, s.Name, *s, orNil(find(p.cur.items.Sources, s.Name, func(v Source) string { return v.Name })), nil)
	}
	for i := range it.Destinations {
		d := &it.Destinations[i]
		d.Name = p.decide(KindDestination, d.Name, *d, orNil(find(p.cur.items.Destinations, d.Name, func(v Destination) string { return v.Name })), nil)
	}
	for i := range it.EncryptionProfiles {
		e := &it.EncryptionProfiles[i]
		old := find(p.cur.items.EncryptionProfiles, e.Name, func(v EncryptionProfile) string { return v.Name })
		var force *Policy
		if old != nil && old.KeyID != e.KeyID && p.policy == PolicyOverwrite {
			// A profile's key is never replaced: backups made with the old key need it.
			rename := PolicyRename
			force = &rename
			p.warn("encryption profile %q exists with another key; profile keys are never replaced, so the imported one is created under a new name", e.Name)
		}
		e.Name = p.decide(KindEncryptionProfile, e.Name, *e, orNil(old), force)
		if p.doc.Secrets == SecretsNone && p.created(KindEncryptionProfile, e.Name) {
			p.warn("encryption profile %q is created without its key (the file has no secrets): import the key (key id %s) before its jobs run", e.Name, e.KeyID)
		}
	}
	for i := range it.NotificationChannels {
		c := &it.NotificationChannels[i]
		c.Name = p.decide(KindNotificationChannel, c.Name, *c, orNil(find(p.cur.items.NotificationChannels, c.Name, func(v NotificationChannel) string { return v.Name })), nil)
	}
	for i := range it.SSOProviders {
		s := &it.SSOProviders[i]
		s.Name = p.decide(KindSSOProvider, s.Name, *s, orNil(find(p.cur.items.SSOProviders, s.Name, func(v SSOProvider) string { return v.Name })), nil)
	}
	var noPassword []string
	for i := range it.Users {
		u := &it.Users[i]
		u.Username = p.decide(KindUser, u.Username, *u, orNil(find(p.cur.items.Users, u.Username, func(v User) string { return v.Username })), nil)
		if p.created(KindUser, u.Username) && p.doc.Secret(KindUser, u.Username, columnPasswordHash).IsEmpty() {
			noPassword = append(noPassword, u.Username)
		}
	}
	if len(noPassword) > 0 {
		p.warn("users created without a password, who can sign in only through SSO until an administrator sets one: %s", strings.Join(noPassword, ", "))
	}
	for i := range it.Jobs {
		j := &it.Jobs[i]
		j.Name = p.decide(KindJob, j.Name, *j, orNil(find(p.cur.items.Jobs, j.Name, func(v Job) string { return v.Name })), nil)
	}
	for i := range it.Settings {
		s := &it.Settings[i]
		var force *Policy
		if p.policy == PolicyRename {
			// A setting's key is what the program reads; it cannot live under another name.
			skip := PolicySkip
			force = &skip
		}
		p.decide(KindSetting, s.Key, *s, orNil(find(p.cur.items.Settings, s.Key, func(v Setting) string { return v.Key })), force)
	}
	if n := len(it.APIKeys); n > 0 {
		p.warn("%d API key(s) are not imported: a key cannot be moved between instances; create new keys where needed", n)
	}
}

// builtinGroup plans the Admins group: created when missing, never changed otherwise.
func (p *planner) builtinGroup(g *Group) {
	ch := Change{Kind: KindGroup, Name: g.Name, Action: ActionUnchanged, Detail: "built-in group; an import never changes it"}
	if p.existingGroup(g.Name) == nil {
		ch.Action, ch.Detail = ActionCreate, "built-in group, with every permission"
	}
	p.plan.Changes = append(p.plan.Changes, ch)
}

func (p *planner) existingGroup(name string) *Group {
	return find(p.cur.items.Groups, name, func(v Group) string { return v.Name })
}

// find returns the item of list named name, or nil.
func find[T any](list []T, name string, nameOf func(T) string) *T {
	for i := range list {
		if nameOf(list[i]) == name {
			return &list[i]
		}
	}
	return nil
}

func (p *planner) warn(format string, a ...any) {
	p.plan.Warnings = append(p.plan.Warnings, fmt.Sprintf(format, a...))
}

// created reports whether the plan creates the item now named name.
func (p *planner) created(kind, name string) bool {
	for _, c := range slices.Backward(p.plan.Changes) {
		if c.Kind == kind && (c.NewName == name || c.NewName == "" && c.Name == name) {
			return c.Action == ActionCreate
		}
	}
	return false
}
