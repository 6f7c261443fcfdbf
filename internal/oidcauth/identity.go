package oidcauth

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/coreos/go-oidc/v3/oidc"
)

// Identity is who the provider says signed in, read from a verified ID token.
type Identity struct {
	// Issuer and Subject together identify the user for good; link accounts by them, never
	// by e-mail or name, which the user or the provider may change.
	Issuer, Subject string
	// Email is the e-mail claim; trust it for linking only when EmailVerified.
	Email         string
	EmailVerified bool
	// Name and PreferredUsername are display hints, unverified.
	Name, PreferredUsername string
	// Groups are the values of the provider's GroupsClaim, unmapped.
	Groups []string
	// ReturnTo is the same-origin path the sign-in started from, where the browser goes next.
	ReturnTo string
}

// idClaims are the standard claims of an ID token that Identity carries.
type idClaims struct {
	Email             string          `json:"email"`
	EmailVerified     json.RawMessage `json:"email_verified"`
	Name              string          `json:"name"`
	PreferredUsername string          `json:"preferred_username"`
}

// identityFrom reads the claims of a verified token.
func identityFrom(tok *oidc.IDToken, groupsClaim string) (Identity, error) {
	var c idClaims
	if err := tok.Claims(&c); err != nil {
		return Identity{}, fmt.Errorf("%w: claims: %w", ErrTokenInvalid, err)
	}
	id := Identity{
		Issuer: tok.Issuer, Subject: tok.Subject,
		Email: c.Email, EmailVerified: parseBool(c.EmailVerified),
		Name: c.Name, PreferredUsername: c.PreferredUsername,
	}
	if groupsClaim != "" {
		var all map[string]json.RawMessage
		if err := tok.Claims(&all); err != nil {
			return Identity{}, fmt.Errorf("%w: claims: %w", ErrTokenInvalid, err)
		}
		id.Groups = parseGroups(all[groupsClaim])
	}
	return id, nil
}

// parseBool reads email_verified as a JSON boolean, or as the string "true", which some
// providers (Amazon Cognito among them) send. Anything else is false.
func parseBool(raw json.RawMessage) bool {
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return b
	}
	var s string
	return json.Unmarshal(raw, &s) == nil && s == "true"
}

// parseGroups reads a groups claim: an array of strings, a single string, or an object whose
// keys are the groups (Zitadel sends project roles as {"role": {...}}). Non-string array
// elements and empty strings are dropped; any other shape gives no groups.
func parseGroups(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		if one == "" {
			return nil
		}
		return []string{one}
	}
	var keyed map[string]json.RawMessage
	if json.Unmarshal(raw, &keyed) == nil {
		out := slices.Sorted(maps.Keys(keyed))
		return slices.DeleteFunc(out, func(k string) bool { return k == "" })
	}
	var many []any
	if json.Unmarshal(raw, &many) != nil {
		return nil
	}
	var out []string
	for _, v := range many {
		if s, ok := v.(string); ok && s != "" {
			out = append(out, s)
		}
	}
	return out
}
