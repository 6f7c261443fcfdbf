/**
 * listLimit is how many users, groups or API keys a page asks for at once. An instance has a
 * handful of each; a page that holds more says how many it does not show.
 */
export const listLimit = 200;

/** nodes are the nodes of a connection's edges, without the null entries Relay allows. */
export function nodes<T>(connection?: { edges?: ReadonlyArray<{ node?: T | null } | null> | null }): T[] {
  return (connection?.edges ?? []).flatMap((edge) => (edge?.node ? [edge.node] : []));
}
