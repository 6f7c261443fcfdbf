import { afterEach, describe, expect, it, vi } from 'vitest';
import { SystemStatusDocument } from '../gql/graphql';
import { CSRF_HEADER, createGraphQLClient, type GraphQLConnection } from './client';
import { createConnectionStore } from './connection';

/** FakeSocket is a WebSocket that the test opens, feeds and drops by hand. */
class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static instances: FakeSocket[] = [];

  readyState = FakeSocket.CONNECTING;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(
    readonly url: string,
    readonly protocol: string,
  ) {
    FakeSocket.instances.push(this);
  }

  send(data: string) {
    this.sent.push(JSON.parse(data));
  }

  close(code = 1000, reason = '') {
    if (this.readyState === FakeSocket.CLOSED) return;
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.({ code, reason });
  }

  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }

  receive(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

const location = { protocol: 'https:', host: 'backup.example.com' };
let connection: GraphQLConnection | undefined;

afterEach(() => {
  connection?.dispose();
  FakeSocket.instances = [];
});

describe('createGraphQLClient', () => {
  it('posts queries to /graphql on the same origin', async () => {
    const fetch = vi.fn(async () => Response.json({ data: { systemStatus: null } }));
    connection = createGraphQLClient(createConnectionStore(), { location, fetch, webSocketImpl: FakeSocket });

    await connection.client.query(SystemStatusDocument, {}).toPromise();

    expect(fetch).toHaveBeenCalledOnce();
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/graphql');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toMatchObject({ operationName: 'SystemStatus' });
  });

  it('sends the session cookie and the CSRF header with every request', async () => {
    const fetch = vi.fn(async () => Response.json({ data: { systemStatus: null } }));
    connection = createGraphQLClient(createConnectionStore(), { location, fetch, webSocketImpl: FakeSocket });

    await connection.client.query(SystemStatusDocument, {}).toPromise();
    await connection.client.query(SystemStatusDocument, {}, { requestPolicy: 'network-only' }).toPromise();

    expect(fetch).toHaveBeenCalledTimes(2);
    for (const call of fetch.mock.calls) {
      const [, init] = call as unknown as [string, RequestInit];
      expect(init.credentials).toBe('same-origin');
      expect(new Headers(init.headers).get(CSRF_HEADER)).toBe('1');
      expect(CSRF_HEADER).toBe('X-DBackup-CSRF');
    }
  });

  it('reports the websocket state as it connects and drops', async () => {
    const store = createConnectionStore();
    connection = createGraphQLClient(store, { location, webSocketImpl: FakeSocket });

    await vi.waitFor(() => expect(FakeSocket.instances).toHaveLength(1));
    const socket = FakeSocket.instances[0]!;
    expect(socket.url).toBe('wss://backup.example.com/graphql');
    expect(socket.protocol).toBe('graphql-transport-ws');
    expect(store.get()).toBe('connecting');

    socket.open();
    await vi.waitFor(() => expect(socket.sent).toContainEqual({ type: 'connection_init' }));
    socket.receive({ type: 'connection_ack' });
    expect(store.get()).toBe('connected');

    socket.close(1006, 'gone');
    expect(store.get()).toBe('disconnected');
  });

  it('reports UNAUTHENTICATED answers, so the app can ask to sign in again', async () => {
    const fetch = vi.fn(async () =>
      Response.json({ errors: [{ message: 'sign in first', extensions: { code: 'UNAUTHENTICATED' } }], data: null }),
    );
    const onUnauthenticated = vi.fn();
    connection = createGraphQLClient(createConnectionStore(), {
      location,
      fetch,
      webSocketImpl: FakeSocket,
      onUnauthenticated,
    });

    const result = await connection.client.query(SystemStatusDocument, {}).toPromise();

    expect(result.error?.graphQLErrors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(onUnauthenticated).toHaveBeenCalledOnce();
  });

  it('does not report other errors as a lost session', async () => {
    const fetch = vi.fn(async () =>
      Response.json({ errors: [{ message: 'no', extensions: { code: 'FORBIDDEN', permission: 'vault:read' } }] }),
    );
    const onUnauthenticated = vi.fn();
    connection = createGraphQLClient(createConnectionStore(), {
      location,
      fetch,
      webSocketImpl: FakeSocket,
      onUnauthenticated,
    });

    await connection.client.query(SystemStatusDocument, {}).toPromise();

    expect(onUnauthenticated).not.toHaveBeenCalled();
  });
});
