/** GRAPHQL_PATH is where the Go server answers GraphQL over HTTP POST and over websockets. */
export const GRAPHQL_PATH = '/graphql';

/**
 * websocketURL is the graphql-transport-ws endpoint on the host that served the page, so the
 * SPA needs no configuration behind a reverse proxy or TLS terminator.
 */
export function websocketURL(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${GRAPHQL_PATH}`;
}
