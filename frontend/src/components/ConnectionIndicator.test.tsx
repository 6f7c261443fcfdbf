import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../test/renderApp';

describe('ConnectionIndicator', () => {
  it.each([
    { status: 'connecting', label: 'Connecting' },
    { status: 'connected', label: 'Live' },
    { status: 'disconnected', label: 'Disconnected' },
  ] as const)('shows $label when the websocket is $status', ({ status, label }) => {
    renderApp('/sources', {}, status);
    expect(screen.getByTestId('connection-status')).toHaveTextContent(label);
  });

  it('follows the websocket as it drops and comes back', () => {
    const { connection } = renderApp('/sources', {}, 'connected');
    const indicator = screen.getByTestId('connection-status');

    act(() => connection.set('disconnected'));
    expect(indicator).toHaveTextContent('Disconnected');
    expect(screen.getByText('Connection lost')).toBeInTheDocument();

    act(() => connection.set('connected'));
    expect(indicator).toHaveTextContent('Live');
    expect(screen.getByText('Reconnected')).toBeInTheDocument();
  });
});
