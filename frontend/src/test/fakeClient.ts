import { GraphQLError } from 'graphql';
import { CombinedError, type GraphQLRequest, type OperationContext, getOperationName } from 'urql';
import { vi } from 'vitest';
import { concat, filter, fromValue, makeSubject, map, never, pipe } from 'wonka';
import type {
  ForgetUndecryptableSecretsMutation,
  SystemStatusFieldsFragment,
  ViewerFieldsFragment,
} from '../gql/graphql';
import { viewerFixture } from './viewerFixtures';

/**
 * Resolver answers one operation from its variables: with data (an object), with GraphQL errors
 * (a GraphQLError or several, see gqlError), with a network error (any other Error), or never
 * (undefined).
 */
export type Resolver = (variables: Record<string, unknown>) => unknown;

export interface FakeServer {
  /** query is what `query { systemStatus }` answers; undefined never answers. */
  query?: SystemStatusFieldsFragment | Error;
  /** subscription is what the subscription delivers; undefined never delivers. */
  subscription?: SystemStatusFieldsFragment;
  /** forget is what forgetUndecryptableSecrets answers; undefined never answers. */
  forget?: ForgetUndecryptableSecretsMutation['forgetUndecryptableSecrets'] | Error;
  /** setupNeeded is what systemStatus.setupNeeded answers; false unless set. */
  setupNeeded?: boolean;
  /** viewer is who is signed in: viewerFixture() unless set, and null answers UNAUTHENTICATED. */
  viewer?: ViewerFieldsFragment | null;
  /** operations answer every other query, mutation or subscription by operation name. */
  operations?: Partial<Record<string, Resolver>>;
}

/** gqlError is a GraphQL error as the server sends it, with extensions such as { code }. */
export function gqlError(message: string, extensions: Record<string, unknown> = {}) {
  return new GraphQLError(message, { extensions });
}

/** settled completes a result the way urql's client does for a final answer. */
function settled(result: object) {
  return { stale: false, hasNext: false, ...result };
}

/** toResult turns what a resolver returned into an operation result, or undefined for none. */
function toResult(value: unknown): object | undefined {
  if (value === undefined) return undefined;
  if (value instanceof GraphQLError || (Array.isArray(value) && value[0] instanceof GraphQLError)) {
    return settled({ error: new CombinedError({ graphQLErrors: [value].flat() as GraphQLError[] }) });
  }
  if (value instanceof Error) return settled({ error: new CombinedError({ networkError: value }) });
  return settled({ data: value });
}

/** builtIn are the resolvers of the operations every page runs, fed from the server's fields. */
function builtIn(server: FakeServer): Record<string, Resolver> {
  return {
    SystemStatus: () => (server.query instanceof Error ? server.query : server.query && { systemStatus: server.query }),
    SystemStatusLive: () => server.subscription && { systemStatus: server.subscription },
    SetupState: () => ({ systemStatus: { __typename: 'SystemStatus', setupNeeded: server.setupNeeded ?? false } }),
    Viewer: () =>
      server.viewer === null
        ? gqlError('sign in first', { code: 'UNAUTHENTICATED' })
        : { viewer: server.viewer ?? viewerFixture() },
    ForgetUndecryptableSecrets: () => {
      if (server.forget instanceof Error) return gqlError(server.forget.message);
      return server.forget && { forgetUndecryptableSecrets: server.forget };
    },
  };
}

/**
 * fakeClient is an urql client whose operations answer at once from server, as urql's docs advise.
 * It reads server on every call, so a test can change what a refetch answers. Like urql's client,
 * it hands the answer of a network-only query to every open query of that name, not just the one
 * that asked. Results stay open, as the real client's operations do until torn down.
 */
export function fakeClient(server: FakeServer) {
  const refetched = makeSubject<{ name: string; result: object }>();
  const answer = (request: GraphQLRequest) => {
    const name = getOperationName(request.query) ?? '';
    const resolve = server.operations?.[name] ?? builtIn(server)[name];
    return { name, result: toResult(resolve?.(request.variables ?? {})) };
  };
  const later = (name: string) =>
    pipe(
      refetched.source,
      filter((event) => event.name === name),
      map((event) => event.result),
    );
  const once = (request: GraphQLRequest) => {
    const { result } = answer(request);
    return result === undefined ? never : concat([fromValue(result), never]);
  };
  return {
    executeQuery: vi.fn((request: GraphQLRequest, context?: Partial<OperationContext>) => {
      const { name, result } = answer(request);
      if (result === undefined) return later(name);
      if (context?.requestPolicy === 'network-only') refetched.next({ name, result });
      return concat([fromValue(result), later(name)]);
    }),
    executeSubscription: vi.fn(once),
    executeMutation: vi.fn((request: GraphQLRequest, _context?: Partial<OperationContext>) => once(request)),
  };
}
