import type { GraphQLError } from 'graphql';
import { getOperationName } from 'urql';
import { gqlError, type Resolver } from '../../test/fakeClient';
import { renderApp } from '../../test/renderApp';
import { viewerFixture } from '../../test/viewerFixtures';

/** Variables are an operation's variables as the page sent them. */
export type Variables = Record<string, unknown>;

/** Answer is what an operation answers: its data, or an error made with serverError. */
export type Answer = object | GraphQLError;

/** Handler answers one operation, by name: always the same, or computed from the variables. */
export type Handler = Answer | ((variables: Variables) => Answer);

/** serverError is a GraphQL error as the server sends it, with extensions such as code and field. */
export const serverError = gqlError;

export interface AdminServer {
  /** permissions are the signed-in viewer's. */
  permissions: string[];
  /** handlers answer the page's operations by operation name; others never answer. */
  handlers: Record<string, Handler>;
}

export const viewerId = viewerFixture().id;

function computed(handler: Handler): handler is (variables: Variables) => Answer {
  return typeof handler === 'function';
}

/**
 * renderAdmin renders the whole SPA at path, signed in as a viewer with permissions, against a
 * fake server that answers the page's operations from handlers.
 */
export function renderAdmin(path: string, server: AdminServer) {
  const operations: Record<string, Resolver> = {};
  for (const [name, handler] of Object.entries(server.handlers)) {
    operations[name] = computed(handler) ? handler : () => handler;
  }
  return renderApp(path, { viewer: viewerFixture({ permissions: server.permissions }), operations });
}

type Client = ReturnType<typeof renderAdmin>['client'];

/** sent lists the variables of every request of the named operation, in order. */
export function sent(client: Client, name: string): Variables[] {
  return [...client.executeQuery.mock.calls, ...client.executeMutation.mock.calls]
    .map(([request]) => request)
    .filter((request) => getOperationName(request.query) === name)
    .map((request) => request.variables as Variables);
}
