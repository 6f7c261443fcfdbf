/**
 * SingleSignOn is the place on the sign-in page for the buttons of the configured single-sign-on
 * (OIDC) providers, such as "Sign in with Keycloak". Single sign-on is not built yet, so it
 * renders nothing: no button may appear before it leads somewhere. When providers exist, this
 * component lists them (from a public query) with a divider above them.
 */
export function SingleSignOn() {
  return null;
}
