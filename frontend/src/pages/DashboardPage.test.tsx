import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp, statusFixture } from '../test/renderApp';

function card(label: string) {
  return within(screen.getByRole('group', { name: label }));
}

describe('DashboardPage', () => {
  it('shows the status the subscription delivers', () => {
    renderApp('/', { subscription: statusFixture({}, 5) });

    expect(card('Version').getByText('v1.2.3')).toBeInTheDocument();
    expect(card('Started').getByText('5 minutes ago')).toBeInTheDocument();
    const database = card('Configuration database');
    expect(database.getByText('SQLite')).toBeInTheDocument();
    expect(database.getByText('Reachable')).toBeInTheDocument();
    expect(database.getByText('20261127205600')).toBeInTheDocument();
    expect(screen.queryByText(/Showing a snapshot/)).toBeNull();
  });

  it('prefers the live status over the query', () => {
    renderApp('/', { query: statusFixture({ version: 'v-old' }), subscription: statusFixture({ version: 'v-live' }) });
    expect(card('Version').getByText('v-live')).toBeInTheDocument();
    expect(screen.queryByText('v-old')).toBeNull();
  });

  it('falls back to the query while disconnected', () => {
    const status = statusFixture({
      version: 'v0.0.1',
      database: { dialect: 'POSTGRES', reachable: false, schemaVersion: '20260101000000' },
    });
    renderApp('/', { query: status }, 'disconnected');

    expect(screen.getByTestId('connection-status')).toHaveTextContent('Disconnected');
    expect(card('Version').getByText('v0.0.1')).toBeInTheDocument();
    expect(card('Configuration database').getByText('PostgreSQL')).toBeInTheDocument();
    expect(card('Configuration database').getByText('Unreachable')).toBeInTheDocument();
    expect(screen.getByText(/Showing a snapshot/)).toBeInTheDocument();
  });

  it('waits while nothing has answered', () => {
    renderApp('/', {}, 'connecting');
    expect(screen.getByLabelText('Loading status')).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Version' })).toBeNull();
  });

  it('says why when the status cannot be had', () => {
    renderApp('/', { query: new Error('connection refused') }, 'disconnected');
    expect(screen.getByText('Could not load the status of this instance')).toBeInTheDocument();
    expect(screen.getByText(/connection refused/)).toBeInTheDocument();
    expect(screen.queryByTestId('server-version')).toBeNull();
  });
});
