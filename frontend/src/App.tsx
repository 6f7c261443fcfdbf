import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { type DataRouter, RouterProvider } from 'react-router';
import { type Client, Provider as GraphQLProvider } from 'urql';
import { ConnectionContext, type ConnectionStore } from './graphql/connection';
import { SessionContext, type SessionStore } from './graphql/session';
import { theme } from './theme';

export interface AppProps {
  client: Client;
  connection: ConnectionStore;
  /** session is expired by the client when an operation answers UNAUTHENTICATED. */
  session: SessionStore;
  router: DataRouter;
}

/** App puts the providers around the router; main.tsx and the tests pass in what differs. */
export function App({ client, connection, session, router }: AppProps) {
  return (
    <MantineProvider theme={theme}>
      <Notifications />
      <ConnectionContext.Provider value={connection}>
        <SessionContext.Provider value={session}>
          <GraphQLProvider value={client}>
            <RouterProvider router={router} />
          </GraphQLProvider>
        </SessionContext.Provider>
      </ConnectionContext.Provider>
    </MantineProvider>
  );
}
