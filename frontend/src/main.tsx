import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { App } from './App';
import { createGraphQLClient } from './graphql/client';
import { createConnectionStore } from './graphql/connection';
import { routes } from './routes';

const connection = createConnectionStore();
const { client } = createGraphQLClient(connection);
const router = createBrowserRouter(routes);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App client={client} connection={connection} router={router} />
  </StrictMode>,
);
