// The GraphQL IDE at /playground. It is its own Vite entry so that GraphiQL and Monaco never
// load with the SPA, and it bundles everything so that it works with no network access.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createClient } from 'graphql-ws';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CSRF_HEADER } from '../graphql/client';
import { GRAPHQL_PATH, websocketURL } from '../graphql/url';

const defaultQuery = `# Welcome to the DBackup GraphQL playground.
# Run this query with Ctrl+Enter, or turn it into a subscription to watch it change.
query SystemStatus {
  systemStatus {
    version
    startedAt
    database {
      dialect
      reachable
      schemaVersion
    }
  }
}
`;

const fetcher = createGraphiQLFetcher({
  url: GRAPHQL_PATH,
  // The session cookie's requests need the CSRF header, exactly as the app's client sends it.
  headers: { [CSRF_HEADER]: '1' },
  wsClient: createClient({ url: websocketURL(window.location), lazy: true }),
});

const root = document.getElementById('graphiql');
if (!root) throw new Error('playground.html has no #graphiql element');
createRoot(root).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} />
  </StrictMode>,
);
