import { render } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { type Client, CombinedError, type GraphQLRequest, type OperationContext } from 'urql';
import { vi } from 'vitest';
import { concat, fromValue, makeSubject, never } from 'wonka';
import { App } from '../App';
import type {
  EncryptionKeyStatusFieldsFragment,
  ForgetUndecryptableSecretsMutation,
  SystemStatusFieldsFragment,
} from '../gql/graphql';
import { type ConnectionStatus, createConnectionStore } from '../graphql/connection';
import { routes } from '../routes';

/** keyFixture is the status of a system key that opens every stored secret, with overrides. */
export function keyFixture(overrides: Partial<EncryptionKeyStatusFieldsFragment> = {}) {
  return {
    __typename: 'EncryptionKeyStatus',
    state: 'OK',
    keyId: '0123456789abcdef',
    expectedKeyId: null,
    previousKeyIds: [],
    undecryptableSecrets: 0,
    sealedValues: [{ __typename: 'SealedValueCount', keyId: '0123456789abcdef', count: 4, loaded: true }],
    rotation: null,
    message: 'The loaded encryption key opens every stored secret.',
    ...overrides,
  } satisfies EncryptionKeyStatusFieldsFragment;
}

/** statusFixture is a plausible status that started minutesAgo minutes before now. */
export function statusFixture(overrides: Partial<SystemStatusFieldsFragment> = {}, minutesAgo = 5) {
  return {
    __typename: 'SystemStatus',
    version: 'v1.2.3',
    startedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    database: {
      __typename: 'DatabaseStatus',
      dialect: 'SQLITE',
      reachable: true,
      schemaVersion: '20261127205600',
    },
    encryptionKey: keyFixture(),
    ...overrides,
  } satisfies SystemStatusFieldsFragment;
}

export interface FakeServer {
  /** query is what `query { systemStatus }` answers; undefined never answers. */
  query?: SystemStatusFieldsFragment | Error;
  /** subscription is what the subscription delivers; undefined never delivers. */
  subscription?: SystemStatusFieldsFragment;
  /** forget is what forgetUndecryptableSecrets answers; undefined never answers. */
  forget?: ForgetUndecryptableSecretsMutation['forgetUndecryptableSecrets'] | Error;
}

/** settled completes a result the way urql's client does for a final answer. */
function settled(result: object) {
  return { stale: false, hasNext: false, ...result };
}

/** answer emits one result and stays open, as the real client's operations do until torn down. */
function answer(result: object) {
  return concat([fromValue(settled(result)), never]);
}

/**
 * fakeClient is an urql client whose operations answer at once from server, as urql's docs advise.
 * It reads server on every call, so a test can change what a refetch answers. Like urql's client,
 * it hands the answer of a network-only query to every open query, not just the one that asked.
 */
export function fakeClient(server: FakeServer) {
  const result = (data: unknown) => answer({ data });
  const refetched = makeSubject<object>();
  const queryAnswer = () => {
    if (server.query instanceof Error) return settled({ error: new CombinedError({ networkError: server.query }) });
    return settled({ data: { systemStatus: server.query } });
  };
  return {
    executeQuery: vi.fn((_request: GraphQLRequest, context?: Partial<OperationContext>) => {
      if (server.query === undefined) return refetched.source;
      const current = queryAnswer();
      if (context?.requestPolicy === 'network-only') refetched.next(current);
      return concat([fromValue(current), refetched.source]);
    }),
    executeSubscription: vi.fn(() =>
      server.subscription === undefined ? never : result({ systemStatus: server.subscription }),
    ),
    executeMutation: vi.fn((_request: GraphQLRequest) => {
      if (server.forget === undefined) return never;
      if (server.forget instanceof Error) {
        return answer({ error: new CombinedError({ graphQLErrors: [server.forget.message] }) });
      }
      return result({ forgetUndecryptableSecrets: server.forget });
    }),
  };
}

/** renderApp renders the whole SPA at path against a fake server and connection state. */
export function renderApp(path: string, server: FakeServer = {}, status: ConnectionStatus = 'connected') {
  const client = fakeClient(server);
  const connection = createConnectionStore(status);
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const view = render(<App client={client as unknown as Client} connection={connection} router={router} />);
  return { ...view, client, connection, router };
}
