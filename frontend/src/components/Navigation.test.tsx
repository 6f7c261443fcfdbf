import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp, viewerFixture } from '../test/renderApp';

/** navLabels are the labels of the navigation's links, in order. */
function navLabels() {
  const nav = screen.getByRole('navigation', { name: 'Main' });
  return within(nav)
    .getAllByRole('link')
    .map((link) => link.textContent);
}

describe('Navigation', () => {
  it('lists only the sections the viewer holds the permission for', () => {
    renderApp('/', {
      viewer: viewerFixture({
        permissions: ['sources:read', 'jobs:read', 'jobs:run', 'vault:write'],
        groups: ['Operators'],
      }),
    });
    // vault:write alone does not open the Vault page: reading it needs vault:read.
    expect(navLabels()).toEqual(['Dashboard', 'Sources', 'Jobs']);
  });

  it('lists the dashboard alone for a viewer without permissions', () => {
    renderApp('/', { viewer: viewerFixture({ permissions: [], groups: [] }) });
    expect(navLabels()).toEqual(['Dashboard']);
  });

  it.each([
    { path: '/vault', what: 'Vault', permission: 'vault:read' },
    { path: '/users', what: 'Users', permission: 'users:read' },
    { path: '/settings', what: 'Settings', permission: 'settings:read' },
  ])('explains the missing $permission on a direct visit to $path', ({ path, what, permission }) => {
    renderApp(path, { viewer: viewerFixture({ permissions: ['sources:read'] }) });

    const main = within(screen.getByRole('main'));
    expect(main.getByRole('heading', { level: 2, name: `You cannot open ${what}` })).toBeInTheDocument();
    expect(main.getByText(permission)).toBeInTheDocument();
    expect(main.getByText(/Ask an administrator/)).toBeInTheDocument();
    expect(main.getByRole('link', { name: 'Go to the dashboard' })).toHaveAttribute('href', '/');
    // The layout stays, so the viewer can go elsewhere.
    expect(navLabels()).toEqual(['Dashboard', 'Sources']);
    // The page itself never rendered.
    expect(main.queryByRole('heading', { name: what })).toBeNull();
  });

  it('opens the profile for every viewer', () => {
    renderApp('/profile', { viewer: viewerFixture({ permissions: [], groups: [] }) });
    expect(screen.getByRole('heading', { level: 2, name: 'Profile' })).toBeInTheDocument();
    expect(screen.queryByTestId('permission-denied')).toBeNull();
  });
});
