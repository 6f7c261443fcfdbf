import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { loadPage } from '../auth/pageLoad';
import { renderApp } from '../test/renderApp';

// Signing out loads the app anew, which jsdom cannot do; the tests check where it would go.
vi.mock('../auth/pageLoad', () => ({ loadPage: vi.fn() }));

beforeEach(() => vi.mocked(loadPage).mockClear());

async function signOut() {
  fireEvent.click(within(screen.getByRole('banner')).getByRole('button', { name: 'Account menu of admin' }));
  const item = await screen.findByRole('menuitem', { name: 'Sign out' });
  expect(screen.getByText('Signed in as admin')).toBeInTheDocument();
  fireEvent.click(item);
}

describe('UserMenu', () => {
  it('signs out with the CSRF header and goes to the sign-in page', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValueOnce(new Response(null, { status: 204 }));
    renderApp('/sources');

    await signOut();

    await waitFor(() => expect(loadPage).toHaveBeenCalledWith('/login'));
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/auth/logout');
    expect(init?.method).toBe('POST');
    expect(new Headers(init?.headers).get('X-DBackup-CSRF')).toBe('1');
  });

  it('stays and says so when the server does not confirm', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValueOnce(new TypeError('Failed to fetch'));
    renderApp('/sources');

    await signOut();

    expect(await screen.findByText('Could not sign out')).toBeInTheDocument();
    expect(loadPage).not.toHaveBeenCalled();
  });
});
