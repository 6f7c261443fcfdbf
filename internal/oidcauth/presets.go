package oidcauth

// Preset fills the issuer part of the provider form for a well-known provider. It holds no
// client: the client id and secret are always the administrator's own.
type Preset struct {
	// ID is a stable key, such as "keycloak".
	ID   string
	Name string
	// IssuerTemplate is the issuer URL with <placeholders> for the parts that differ per
	// installation.
	IssuerTemplate string
	// Help says where the issuer and the client are found at that provider.
	Help string
	// Scopes are requested besides openid.
	Scopes []string
	// GroupsClaim is the claim the provider lists groups in by default; empty when it has none.
	GroupsClaim string
}

// Presets are the providers the form knows, generic last. Each issuer template follows the
// provider's own documentation of its discovery URL.
var Presets = []Preset{
	{
		ID: "keycloak", Name: "Keycloak", IssuerTemplate: "https://<host>/realms/<realm>",
		Help:   "Create an OpenID Connect client with client authentication on in the realm; add a Group Membership mapper named groups (full path off) to send groups.",
		Scopes: []string{"email", "profile"}, GroupsClaim: "groups",
	},
	{
		ID: "authentik", Name: "Authentik", IssuerTemplate: "https://<host>/application/o/<application-slug>/",
		Help:   "Create an OAuth2/OpenID provider and an application; the issuer is shown on the provider's page and ends with a slash.",
		Scopes: []string{"email", "profile"}, GroupsClaim: "groups",
	},
	{
		ID: "authelia", Name: "Authelia", IssuerTemplate: "https://<authelia-host>",
		Help:   "Register a client under identity_providers.oidc.clients with the redirect URI below; add the groups scope to receive groups.",
		Scopes: []string{"email", "profile", "groups"}, GroupsClaim: "groups",
	},
	{
		ID: "pocketid", Name: "Pocket ID", IssuerTemplate: "https://<pocket-id-host>",
		Help:   "Add an OIDC client in Pocket ID's admin area; user groups are sent in the groups claim with the groups scope.",
		Scopes: []string{"email", "profile", "groups"}, GroupsClaim: "groups",
	},
	{
		ID: "zitadel", Name: "Zitadel", IssuerTemplate: "https://<instance>.zitadel.cloud",
		Help:   "Create a Web application with the Code flow in a project; project roles arrive in the urn:zitadel:iam:org:project:roles claim when the project asserts roles.",
		Scopes: []string{"email", "profile"}, GroupsClaim: "urn:zitadel:iam:org:project:roles",
	},
	{
		ID: "generic", Name: "Other OpenID Connect provider", IssuerTemplate: "https://<issuer>",
		Help:   "Any provider that publishes /.well-known/openid-configuration under its issuer URL and supports the authorization code flow with PKCE.",
		Scopes: []string{"email", "profile"},
	},
}
