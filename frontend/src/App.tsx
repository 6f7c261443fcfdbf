import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { type DataRouter, RouterProvider } from 'react-router';
import { type Client, Provider as GraphQLProvider } from 'urql';
import { ConnectionContext, type ConnectionStore } from './graphql/connection';
import { theme } from './theme';

export interface AppProps {
  client: Client;
  connection: ConnectionStore;
  router: DataRouter;
}

/** App puts the providers around the router; main.tsx and the tests pass in what differs. */
export function App({ client, connection, router }: AppProps) {
  return (
    <MantineProvider theme={theme}>
      <Notifications />
      <ConnectionContext.Provider value={connection}>
        <GraphQLProvider value={client}>
          <RouterProvider router={router} />
        </GraphQLProvider>
      </ConnectionContext.Provider>
    </MantineProvider>
  );
}
