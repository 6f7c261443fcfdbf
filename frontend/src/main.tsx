import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { App } from './App';
import { createGraphQLClient } from './graphql/client';
import { createConnectionStore } from './graphql/connection';
import { createSessionStore } from './graphql/session';
import { routes } from './routes';

const connection = createConnectionStore();
const session = createSessionStore();
const { client } = createGraphQLClient(connection, { onUnauthenticated: session.expire });
const router = createBrowserRouter(routes);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App client={client} connection={connection} session={session} router={router} />
  </StrictMode>,
);
