package oidcauth

import (
	"fmt"
	"slices"
	"strings"
)

// CheckDomain returns nil when p allows id's e-mail: always when p.AllowedEmailDomains is
// empty, else only for a verified e-mail whose domain equals one of them, ignoring case and a
// leading "@". Subdomains are not included: list them. Otherwise it returns ErrDomainNotAllowed.
func CheckDomain(p Provider, id Identity) error {
	if len(p.AllowedEmailDomains) == 0 {
		return nil
	}
	if !id.EmailVerified {
		return fmt.Errorf("%w: e-mail not verified", ErrDomainNotAllowed)
	}
	at := strings.LastIndexByte(id.Email, '@')
	if at <= 0 || at == len(id.Email)-1 {
		return fmt.Errorf("%w: no e-mail", ErrDomainNotAllowed)
	}
	domain := id.Email[at+1:]
	for _, d := range p.AllowedEmailDomains {
		if strings.EqualFold(strings.TrimPrefix(strings.TrimSpace(d), "@"), domain) {
			return nil
		}
	}
	return fmt.Errorf("%w: %s", ErrDomainNotAllowed, domain)
}

// MappedGroups returns the DBackup groups for id: each value of its groups claim that
// p.GroupMapping maps, or p.DefaultGroup when none is mapped; sorted, without repeats. Claim
// values match exactly; unmapped values are dropped. It is nil when nothing maps and there is
// no default group.
func MappedGroups(p Provider, id Identity) []string {
	var out []string
	for _, g := range id.Groups {
		if name := p.GroupMapping[g]; name != "" {
			out = append(out, name)
		}
	}
	if len(out) == 0 && p.DefaultGroup != "" {
		out = append(out, p.DefaultGroup)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// CanLinkByEmail reports whether a first sign-in as id may be linked to an existing user with
// the same e-mail: only when p allows it and the provider vouches for a non-empty e-mail.
func CanLinkByEmail(p Provider, id Identity) bool {
	return p.LinkByVerifiedEmail && id.EmailVerified && strings.TrimSpace(id.Email) != ""
}
