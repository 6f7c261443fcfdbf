import { render } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { type Client, CombinedError } from 'urql';
import { vi } from 'vitest';
import { concat, fromValue, never } from 'wonka';
import { App } from '../App';
import type { SystemStatusFieldsFragment } from '../gql/graphql';
import { type ConnectionStatus, createConnectionStore } from '../graphql/connection';
import { routes } from '../routes';

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
    ...overrides,
  } satisfies SystemStatusFieldsFragment;
}

export interface FakeServer {
  /** query is what `query { systemStatus }` answers; undefined never answers. */
  query?: SystemStatusFieldsFragment | Error;
  /** subscription is what the subscription delivers; undefined never delivers. */
  subscription?: SystemStatusFieldsFragment;
}

/** answer emits one result and stays open, as the real client's operations do until torn down. */
function answer(result: object) {
  return concat([fromValue({ stale: false, hasNext: false, ...result }), never]);
}

/** fakeClient is an urql client whose operations answer at once from server, as urql's docs advise. */
export function fakeClient(server: FakeServer) {
  const result = (data: unknown) => answer({ data });
  return {
    executeQuery: vi.fn(() => {
      if (server.query === undefined) return never;
      if (server.query instanceof Error) {
        return answer({ error: new CombinedError({ networkError: server.query }) });
      }
      return result({ systemStatus: server.query });
    }),
    executeSubscription: vi.fn(() =>
      server.subscription === undefined ? never : result({ systemStatus: server.subscription }),
    ),
    executeMutation: vi.fn(() => never),
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
