import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { sectionPages } from '../routes';
import { navigation } from '../sections';
import { renderApp, statusFixture } from '../test/renderApp';

describe('AppLayout', () => {
  it('shows the product, the version, the signed-in user and a link to every section', () => {
    renderApp('/', { subscription: statusFixture({ version: 'v9.8.7' }) });

    const banner = screen.getByRole('banner');
    expect(within(banner).getByText('DBackup')).toBeInTheDocument();
    expect(within(banner).getByTestId('server-version')).toHaveTextContent('v9.8.7');
    expect(within(banner).getByRole('button', { name: 'Account menu of admin' })).toHaveTextContent('Ada Admin');

    // An administrator holds every permission, so every section is listed, in order.
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual(
      navigation.map((section) => [section.label, section.path]),
    );
    expect(links.slice(0, 7).map((link) => link.textContent)).toEqual([
      'Dashboard',
      'Sources',
      'Destinations',
      'Jobs',
      'History',
      'Storage',
      'Vault',
    ]);
    expect(within(nav).getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
  });

  it('navigates through the links and marks the current section', () => {
    const { router } = renderApp('/', { subscription: statusFixture() });
    const nav = screen.getByRole('navigation', { name: 'Main' });

    fireEvent.click(within(nav).getByRole('link', { name: 'Sources' }));

    expect(router.state.location.pathname).toBe('/sources');
    expect(screen.getByRole('heading', { name: 'Sources' })).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Sources' })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).getByRole('link', { name: 'Dashboard' })).not.toHaveAttribute('aria-current');
  });

  const placeholders = navigation.slice(1).filter((section) => sectionPages[section.path] === undefined);

  it('keeps placeholders only for sections without a page of their own', () => {
    expect(placeholders.map((section) => section.path)).not.toContain('/vault');
    // Every page of its own belongs to a section of the navigation.
    expect(placeholders.length).toBe(navigation.length - 1 - Object.keys(sectionPages).length);
  });

  it.each(placeholders.map((section) => ({ path: section.path, section })))(
    'renders $path with its title and summary only',
    ({ path, section }) => {
      renderApp(path);
      const main = screen.getByRole('main');
      expect(within(main).getByRole('heading', { name: section.label })).toBeInTheDocument();
      expect(within(main).getByText(section.summary)).toBeInTheDocument();
      expect(within(main).queryByRole('button')).toBeNull();
    },
  );

  it('answers unknown paths with the not-found page', () => {
    renderApp('/no/such/page');
    expect(screen.getByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByText('/no/such/page')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to the dashboard' })).toHaveAttribute('href', '/');
  });
});
