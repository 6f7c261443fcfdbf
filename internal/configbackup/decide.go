package configbackup

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// orNil turns a missing item into a nil interface.
func orNil[T any](v *T) any {
	if v == nil {
		return nil
	}
	return *v
}

// decide plans one item and returns the name it has after the import. old is the existing
// item of that name, nil when there is none; force replaces the policy for this item.
func (p *planner) decide(kind, name string, item, old any, force *Policy) string {
	ch := Change{Kind: kind, Name: name}
	switch {
	case old == nil:
		ch.Action = ActionCreate
		p.plan.Changes = append(p.plan.Changes, ch)
		return name
	}
	diff := diffFields(item, old)
	if p.doc.Secrets == SecretsSealed && len(secretColumns(kind, p.doc.PasswordHashes)) > 0 {
		if p.cur.broken[kind][name] || !sameSecrets(p.doc.secrets[kind][name], p.cur.secrets[kind][name]) {
			diff = append(diff, "secrets")
		}
	}
	if len(diff) == 0 {
		ch.Action = ActionUnchanged
		p.plan.Changes = append(p.plan.Changes, ch)
		return name
	}
	policy := p.policy
	if force != nil {
		policy = *force
	}
	differs := "differs in " + strings.Join(diff, ", ")
	switch policy {
	case PolicyOverwrite:
		ch.Action, ch.Detail = ActionUpdate, differs+"; the existing one is overwritten"
	case PolicyRename:
		ch.Action, ch.NewName = ActionCreate, p.freeName(kind, name)
		ch.Detail = fmt.Sprintf("%s; imported as %q", differs, ch.NewName)
		p.rename(kind, name, ch.NewName)
	default:
		ch.Action, ch.Detail = ActionConflict, differs+"; the existing one is kept"
	}
	p.plan.Changes = append(p.plan.Changes, ch)
	if ch.NewName != "" {
		return ch.NewName
	}
	return name
}

// diffFields lists the top-level JSON members in which two items differ.
func diffFields(a, b any) []string {
	ma, mb := asMap(a), asMap(b)
	var out []string
	for k, v := range ma {
		if !reflect.DeepEqual(v, mb[k]) {
			out = append(out, k)
		}
	}
	for k := range mb {
		if _, ok := ma[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// asMap gives an item's JSON members, with empty lists and maps dropped so that null and []
// compare equal.
func asMap(v any) map[string]any {
	b, _ := json.Marshal(v)
	m := map[string]any{}
	_ = json.Unmarshal(b, &m)
	for k, x := range m {
		switch x := x.(type) {
		case nil:
			delete(m, k)
		case []any:
			if len(x) == 0 {
				delete(m, k)
			}
		case map[string]any:
			if len(x) == 0 {
				delete(m, k)
			}
		}
	}
	return m
}

// freeName finds a name for an imported copy: "<name> (imported)", "<name> (imported 2)", …;
// for users, whose names allow no spaces, "<name>-imported", "<name>-imported-2", ….
func (p *planner) freeName(kind, name string) string {
	for i := 1; ; i++ {
		var n string
		switch {
		case kind == KindUser && i == 1:
			n = name + "-imported"
		case kind == KindUser:
			n = fmt.Sprintf("%s-imported-%d", name, i)
		case i == 1:
			n = name + " (imported)"
		default:
			n = fmt.Sprintf("%s (imported %d)", name, i)
		}
		if !p.taken[kind][n] {
			p.taken[kind][n] = true
			return n
		}
	}
}

// rename points the working document's secrets and references at an item's new name.
func (p *planner) rename(kind, from, to string) {
	p.doc.secrets.rename(kind, from, to)
	it := &p.doc.Items
	swap := func(list []string) {
		for i, v := range list {
			if v == from {
				list[i] = to
			}
		}
	}
	switch kind {
	case KindGroup:
		for i := range it.Users {
			swap(it.Users[i].Groups)
			slices.Sort(it.Users[i].Groups)
		}
		for i := range it.SSOProviders {
			s := &it.SSOProviders[i]
			if s.DefaultGroup == from {
				s.DefaultGroup = to
			}
			for k, v := range s.GroupMapping {
				if v == from {
					s.GroupMapping[k] = to
				}
			}
		}
	case KindSource, KindEncryptionProfile:
		for i := range it.Jobs {
			j := &it.Jobs[i]
			if kind == KindSource && j.Source == from {
				j.Source = to
			}
			if kind == KindEncryptionProfile && j.EncryptionProfile == from {
				j.EncryptionProfile = to
			}
		}
	case KindDestination:
		for i := range it.Jobs {
			for t := range it.Jobs[i].Targets {
				if it.Jobs[i].Targets[t].Destination == from {
					it.Jobs[i].Targets[t].Destination = to
				}
			}
		}
	case KindNotificationChannel:
		for i := range it.Jobs {
			n := &it.Jobs[i].Notify
			for _, l := range []*[]string{&n.Success, &n.Partial, &n.Failure} {
				swap(*l)
				slices.Sort(*l)
			}
		}
	}
}
