package perm

import "strings"

// Set is a set of permissions. It is a value: copy it freely and compare sets with ==. The zero
// Set is empty and allows nothing.
type Set struct{ bits uint64 }

// The bit set holds one bit per permission; this fails to compile when there are more
// permissions than bits, so that nobody silently loses one.
var _ = [64 - len(all)]struct{}{}

// NewSet returns the set of ps. Names that are not permissions are left out, so a mistake
// grants less rather than more; use ParseSet for names from outside the program.
func NewSet(ps ...Permission) Set {
	var s Set
	for _, p := range ps {
		if i, ok := bit[p]; ok {
			s.bits |= 1 << i
		}
	}
	return s
}

// AllSet returns the set of every permission, the permissions of AdminsGroup and of system work.
func AllSet() Set { return NewSet(all[:]...) }

// ParseSet parses permission names, such as an API key's stored scopes. It fails with
// ErrUnknownPermission on the first name that is not a permission.
func ParseSet(names []string) (Set, error) {
	var s Set
	for _, n := range names {
		p, err := Parse(n)
		if err != nil {
			return Set{}, err
		}
		s.bits |= 1 << bit[p]
	}
	return s, nil
}

// Has reports whether p is in s.
func (s Set) Has(p Permission) bool {
	i, ok := bit[p]
	return ok && s.bits&(1<<i) != 0
}

// HasAll reports whether every one of ps is in s. It is true for no ps.
func (s Set) HasAll(ps ...Permission) bool {
	for _, p := range ps {
		if !s.Has(p) {
			return false
		}
	}
	return true
}

// Union returns the permissions in s or o, for example the permissions of all a user's groups.
func (s Set) Union(o Set) Set { return Set{bits: s.bits | o.bits} }

// Intersect returns the permissions in both s and o, for example what an API key can do now
// that its owner may have lost some permissions since it was created.
func (s Set) Intersect(o Set) Set { return Set{bits: s.bits & o.bits} }

// Minus returns the permissions in s but not in o.
func (s Set) Minus(o Set) Set { return Set{bits: s.bits &^ o.bits} }

// IsSubsetOf reports whether every permission in s is also in o, as an API key's scopes must
// be of its owner's permissions.
func (s Set) IsSubsetOf(o Set) bool { return s.bits&^o.bits == 0 }

// IsEmpty reports whether s holds no permission.
func (s Set) IsEmpty() bool { return s.bits == 0 }

// Len returns the number of permissions in s.
func (s Set) Len() int {
	n := 0
	for b := s.bits; b != 0; b &= b - 1 {
		n++
	}
	return n
}

// Permissions returns the permissions in s in the order of All.
func (s Set) Permissions() []Permission {
	ps := make([]Permission, 0, s.Len())
	for i, p := range all {
		if s.bits&(1<<uint(i)) != 0 {
			ps = append(ps, p)
		}
	}
	return ps
}

// Strings returns the names of the permissions in s in the order of All, the form stored in
// the database and shown in the API.
func (s Set) Strings() []string {
	ps := s.Permissions()
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = string(p)
	}
	return names
}

// String returns the names in s separated by commas, or "none".
func (s Set) String() string {
	if s.IsEmpty() {
		return "none"
	}
	return strings.Join(s.Strings(), ",")
}
