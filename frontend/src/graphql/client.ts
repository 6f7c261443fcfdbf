import { createClient as createWsClient } from 'graphql-ws';
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import type { ConnectionStore } from './connection';
import { hasErrorCode } from './errors';
import { GRAPHQL_PATH, websocketURL } from './url';

/** maxRetryWaitMs caps the reconnect backoff so a restarted server is picked up within seconds. */
const maxRetryWaitMs = 10_000;

/**
 * CSRF_HEADER goes with every HTTP request. The server refuses cookie-authenticated requests
 * without it: a cross-site form cannot set a custom header, and a cross-site fetch that sets one
 * needs a CORS preflight the server never grants.
 */
export const CSRF_HEADER = 'X-DBackup-CSRF';

/** keepAliveMs pings the server so a dead connection is noticed even when no event is due. */
const keepAliveMs = 15_000;

/** retryWait waits 0.5 s, 1 s, 2 s … up to maxRetryWaitMs before reconnect attempt n. */
export function retryWait(retries: number): Promise<void> {
  const wait = Math.min(500 * 2 ** retries, maxRetryWaitMs);
  return new Promise((resolve) => setTimeout(resolve, wait));
}

export interface GraphQLClientOptions {
  /** location is where the page came from; the websocket goes to the same host. */
  location?: Pick<Location, 'protocol' | 'host'>;
  /** fetch and webSocketImpl replace the browser's, for tests. */
  fetch?: typeof fetch;
  webSocketImpl?: unknown;
  /**
   * onUnauthenticated is called whenever an operation answers UNAUTHENTICATED, so the app can
   * send the user to the sign-in page when the session has ended.
   */
  onUnauthenticated?: () => void;
}

export interface GraphQLConnection {
  client: Client;
  /** dispose closes the websocket for good. */
  dispose(): void;
}

/**
 * createGraphQLClient returns the urql client of the SPA: queries and mutations as HTTP POST to
 * /graphql on the same origin with the session cookie and the CSRF header, subscriptions over one graphql-transport-ws websocket that is
 * opened at once and reopened forever, reporting its state to connection.
 */
export function createGraphQLClient(connection: ConnectionStore, options: GraphQLClientOptions = {}): GraphQLConnection {
  const ws = createWsClient({
    url: websocketURL(options.location ?? window.location),
    webSocketImpl: options.webSocketImpl,
    lazy: false,
    keepAlive: keepAliveMs,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait,
    on: {
      connected: () => connection.set('connected'),
      closed: () => connection.set('disconnected'),
    },
  });
  const client = new Client({
    url: GRAPHQL_PATH,
    fetch: options.fetch,
    // The server takes queries by POST only; GET would also leave them in access logs.
    preferGetMethod: false,
    // The session cookie goes along (same origin only); the CSRF header proves the request comes
    // from our own pages.
    fetchOptions: { credentials: 'same-origin', headers: { [CSRF_HEADER]: '1' } },
    exchanges: [
      // Before the cache, so that every answer is seen, also those the cache hands out again.
      mapExchange({
        onResult(result) {
          if (hasErrorCode(result.error, 'UNAUTHENTICATED')) {
            options.onUnauthenticated?.();
          }
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const operation = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              return { unsubscribe: ws.subscribe(operation, sink) };
            },
          };
        },
      }),
    ],
  });
  return { client, dispose: () => void ws.dispose() };
}
