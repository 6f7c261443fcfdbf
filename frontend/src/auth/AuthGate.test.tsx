import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp, statusFixture, viewerFixture } from '../test/renderApp';

describe('AuthGate', () => {
  it('sends a fresh instance to the setup wizard, whatever page was asked for', () => {
    const { router } = renderApp('/vault', { setupNeeded: true, viewer: null });

    expect(router.state.location.pathname).toBe('/setup');
    expect(screen.getByRole('heading', { name: 'Set up DBackup' })).toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
  });

  it('sends an anonymous visitor to sign-in and keeps the page they wanted', () => {
    const { router } = renderApp('/jobs?page=2', { viewer: null });

    expect(router.state.location.pathname).toBe('/login');
    expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/jobs?page=2');
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
  });

  it('shows the dashboard to a signed-in viewer', () => {
    const { router } = renderApp('/', { subscription: statusFixture() });

    expect(router.state.location.pathname).toBe('/');
    expect(screen.getByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeInTheDocument();
  });

  it('sends the viewer to sign-in when the session ends while they work', () => {
    const { router, session } = renderApp('/sources');
    expect(screen.getByRole('heading', { name: 'Sources' })).toBeInTheDocument();

    act(() => session.expire());

    expect(router.state.location.pathname).toBe('/login');
    expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/sources');
  });

  it('waits while the server has not said who is signed in', () => {
    renderApp('/', { operations: { Viewer: () => undefined } });
    expect(screen.getByLabelText('Checking sign-in')).toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
  });

  it('says so when the server cannot be reached, and tries again', () => {
    const down = { failing: true };
    const { client } = renderApp('/', {
      operations: {
        Viewer: () => (down.failing ? new Error('connection refused') : { viewer: viewerFixture() }),
      },
    });
    expect(screen.getByText('Could not check who is signed in')).toBeInTheDocument();
    expect(screen.getByText(/connection refused/)).toBeInTheDocument();

    down.failing = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));

    expect(client.executeQuery).toHaveBeenLastCalledWith(
      expect.anything(),
      expect.objectContaining({ requestPolicy: 'network-only' }),
    );
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeInTheDocument();
  });

  it('leaves the setup wizard once setup is done', () => {
    const { router } = renderApp('/setup');
    expect(router.state.location.pathname).toBe('/');
    expect(screen.getByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
  });

  it('leaves the sign-in page for the setup wizard on a fresh instance', () => {
    const { router } = renderApp('/login', { setupNeeded: true, viewer: null });
    expect(router.state.location.pathname).toBe('/setup');
  });

  it('gives the pages the viewer, whose menu leads to the profile', async () => {
    const { router } = renderApp('/', { viewer: viewerFixture({ username: 'grace', displayName: null }) });

    const menu = within(screen.getByRole('banner')).getByRole('button', { name: 'Account menu of grace' });
    expect(menu).toHaveTextContent('grace');
    fireEvent.click(menu);
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Profile' }));

    expect(router.state.location.pathname).toBe('/profile');
    expect(screen.getByRole('heading', { level: 2, name: 'Profile' })).toBeInTheDocument();
  });
});
