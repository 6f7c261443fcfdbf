import { render } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import type { Client } from 'urql';
import { App } from '../App';
import type { EncryptionKeyStatusFieldsFragment, SystemStatusFieldsFragment } from '../gql/graphql';
import { type ConnectionStatus, createConnectionStore } from '../graphql/connection';
import { createSessionStore } from '../graphql/session';
import { routes } from '../routes';
import { type FakeServer, fakeClient } from './fakeClient';

export { type FakeServer, type Resolver, fakeClient, gqlError } from './fakeClient';
export { adminPermissions, sessionFixture, viewerFixture } from './viewerFixtures';

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

/**
 * renderApp renders the whole SPA at path against a fake server and connection state. Unless
 * server says otherwise, setup is done and an administrator is signed in.
 */
export function renderApp(path: string, server: FakeServer = {}, status: ConnectionStatus = 'connected') {
  const client = fakeClient(server);
  const connection = createConnectionStore(status);
  const session = createSessionStore();
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const view = render(
    <App client={client as unknown as Client} connection={connection} session={session} router={router} />,
  );
  return { ...view, client, connection, session, router };
}
