import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { loadPage } from '../auth/pageLoad';
import type { LoginOptionsFieldsFragment } from '../gql/graphql';
import { renderApp } from '../test/renderApp';

// Signing in loads the app anew, which jsdom cannot do; the tests check where it would go.
vi.mock('../auth/pageLoad', () => ({ loadPage: vi.fn() }));

/** refusal is an /auth/login error answer. */
function refusal(status: number, code: string, message: string, headers: Record<string, string> = {}) {
  return Response.json({ error: { code, message } }, { status, headers });
}

const welcome = () => Response.json({ user: { id: 'usr_1', username: 'ada' } });

/** mockFetch answers the sign-in requests in turn and returns the spy. */
function mockFetch(...answers: Response[]) {
  const spy = vi.spyOn(globalThis, 'fetch');
  for (const answer of answers) spy.mockResolvedValueOnce(answer);
  return spy;
}

/** sentBodies are the JSON bodies of the requests fetch was called with. */
function sentBodies(spy: ReturnType<typeof mockFetch>) {
  return spy.mock.calls.map(([, init]) => JSON.parse(String(init?.body)));
}

function signInWithPassword(username = 'ada', password = 'correct horse battery') {
  fireEvent.change(screen.getByLabelText(/^Username/), { target: { value: username } });
  fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

beforeEach(() => vi.mocked(loadPage).mockClear());

describe('LoginPage', () => {
  it('signs in and returns to the page the visitor wanted', async () => {
    const fetch = mockFetch(welcome());
    renderApp('/login?next=%2Fvault');

    signInWithPassword();

    await waitFor(() => expect(loadPage).toHaveBeenCalledWith('/vault'));
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/auth/login');
    expect(init?.method).toBe('POST');
    expect(new Headers(init?.headers).get('Content-Type')).toBe('application/json');
    expect(sentBodies(fetch)).toEqual([{ username: 'ada', password: 'correct horse battery' }]);
  });

  it('never returns to another site after sign-in', async () => {
    mockFetch(welcome());
    renderApp('/login?next=%2F%2Fevil.example%2F');
    signInWithPassword();
    await waitFor(() => expect(loadPage).toHaveBeenCalledWith('/'));
  });

  it('asks for the code from the app when the account has two-factor authentication', async () => {
    const fetch = mockFetch(
      refusal(401, 'TOTP_REQUIRED', 'a second factor is required'),
      refusal(401, 'INVALID_CREDENTIALS', 'invalid credentials'),
      welcome(),
    );
    renderApp('/login');

    signInWithPassword();
    expect(await screen.findByRole('heading', { name: 'Two-factor authentication' })).toBeInTheDocument();
    expect(screen.getByText('Signing in as ada.')).toBeInTheDocument();
    expect(screen.queryByText(/wrong username or password/i)).toBeNull();

    fireEvent.change(screen.getAllByLabelText('Authentication code')[0]!, { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText(/That code is not valid/)).toBeInTheDocument();

    fireEvent.click(screen.getByRole('switch', { name: 'Use a recovery code instead' }));
    fireEvent.change(screen.getByLabelText(/^Recovery code/), { target: { value: ' abcd-efgh-ijkl ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));

    await waitFor(() => expect(loadPage).toHaveBeenCalledWith('/'));
    expect(sentBodies(fetch)).toEqual([
      { username: 'ada', password: 'correct horse battery' },
      { username: 'ada', password: 'correct horse battery', totpCode: '123456' },
      { username: 'ada', password: 'correct horse battery', recoveryCode: 'abcd-efgh-ijkl' },
    ]);
  });

  it('goes back from the code step to the password', async () => {
    mockFetch(refusal(401, 'TOTP_REQUIRED', 'a second factor is required'));
    renderApp('/login');
    signInWithPassword();

    fireEvent.click(await screen.findByRole('button', { name: 'Back' }));

    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByLabelText(/^Username/)).toHaveValue('ada');
  });

  it.each<{ status: number; code: string; headers: Record<string, string>; shown: string }>([
    { status: 401, code: 'INVALID_CREDENTIALS', headers: {}, shown: 'Wrong username or password.' },
    {
      status: 403,
      code: 'ACCOUNT_DISABLED',
      headers: {},
      shown: 'This account is disabled. Ask an administrator to enable it again.',
    },
    {
      status: 429,
      code: 'THROTTLED',
      headers: { 'Retry-After': '42' },
      shown: 'Too many sign-in attempts. Try again in 42 seconds.',
    },
  ])('explains $code', async ({ status, code, headers, shown }) => {
    mockFetch(refusal(status, code, 'server wording', headers));
    renderApp('/login');

    signInWithPassword();

    expect(await screen.findByText(shown)).toBeInTheDocument();
    expect(screen.queryByText('server wording')).toBeNull();
    expect(loadPage).not.toHaveBeenCalled();
  });

  it('says when DBackup cannot be reached', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValueOnce(new TypeError('Failed to fetch'));
    renderApp('/login');
    signInWithPassword();
    expect(await screen.findByText('DBackup could not be reached. Try again.')).toBeInTheDocument();
  });

  it('asks for both fields before sending anything', () => {
    const fetch = vi.spyOn(globalThis, 'fetch');
    renderApp('/login');

    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(screen.getByText('Enter your username and password.')).toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('shows a refusal about one field on that field', async () => {
    mockFetch(
      Response.json(
        { error: { code: 'INVALID_INPUT', message: 'the username is longer than 64 characters', field: 'username' } },
        { status: 400 },
      ),
    );
    renderApp('/login');
    signInWithPassword('a'.repeat(65));

    expect(await screen.findByText('the username is longer than 64 characters')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Username/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByText('Not signed in')).toBeNull();
  });
});

const keycloak = {
  __typename: 'LoginProvider',
  id: 'sso_kc',
  name: 'Keycloak',
  loginURL: '/auth/oidc/sso_kc/login',
} as const;
const authentik = {
  __typename: 'LoginProvider',
  id: 'sso_ak',
  name: 'Authentik',
  loginURL: '/auth/oidc/sso_ak/login',
} as const;

/** renderLogin renders the sign-in page at path, with the server offering options. */
function renderLogin(path: string, options: Partial<LoginOptionsFieldsFragment> = {}) {
  const loginOptions = {
    __typename: 'LoginOptions',
    providers: [keycloak, authentik],
    localLoginForEveryone: true,
    autoRedirectURL: null,
    ...options,
  } satisfies LoginOptionsFieldsFragment;
  return renderApp(path, { operations: { LoginOptions: () => ({ loginOptions }) } });
}

describe('LoginPage with single sign-on', () => {
  it('offers a button per provider that returns to the wanted page', async () => {
    renderLogin('/login?next=%2Fjobs%3Fq%3D1');

    const button = await screen.findByRole('link', { name: 'Sign in with Keycloak' });
    expect(button).toHaveAttribute('href', '/auth/oidc/sso_kc/login?returnTo=%2Fjobs%3Fq%3D1');
    expect(screen.getByRole('link', { name: 'Sign in with Authentik' })).toHaveAttribute(
      'href',
      '/auth/oidc/sso_ak/login?returnTo=%2Fjobs%3Fq%3D1',
    );
    expect(screen.getByText('or')).toBeInTheDocument();
    // The password form stays, for administrators at least.
    expect(screen.getByLabelText(/^Username/)).toBeInTheDocument();
    expect(screen.queryByText('Password sign-in is for administrators only on this server.')).toBeNull();
    expect(loadPage).not.toHaveBeenCalled();
  });

  it('shows neither buttons nor the divider without providers', async () => {
    renderLogin('/login', { providers: [] });
    await screen.findByLabelText(/^Username/);
    await waitFor(() => expect(screen.queryByRole('link', { name: /^Sign in with/ })).toBeNull());
    expect(screen.queryByText('or')).toBeNull();
  });

  it.each([
    ['PROVIDER_NOT_FOUND', /does not exist or is disabled/],
    ['PROVIDER_UNREACHABLE', /could not reach the identity provider\. Try again later/],
    ['DISCOVERY_INVALID', /must check the issuer URL/],
    [
      'ENCRYPTION_KEY_MISMATCH',
      /different ENCRYPTION_KEY.*enter the client secret again\. Signing in with a password still works\./,
    ],
    ['STATE_INVALID', /took too long, or it was started in another browser/],
    ['TOKEN_REJECTED', /failed verification/],
    ['PROVIDER_ERROR', /refused the sign-in/],
    ['USER_NOT_PROVISIONED', /No DBackup account is linked to this identity.*Ask an administrator/],
    ['DOMAIN_NOT_ALLOWED', /Your e-mail domain may not sign in/],
    ['EMAIL_NOT_VERIFIED', /does not say that the address is verified, so DBackup did not link it/],
    ['ACCOUNT_DISABLED', /This account is disabled/],
    ['INTERNAL_SERVER_ERROR', /DBackup failed while signing you in/],
    ['SOMETHING_NEW', /Single sign-on failed with the error code SOMETHING_NEW\./],
  ])('explains the single-sign-on error %s, naming the provider', async (code, message) => {
    renderLogin(`/login?ssoError=${code}&provider=sso_kc`);

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Sign-in with Keycloak failed')).toBeInTheDocument();
    expect(alert).toHaveTextContent(message);
  });

  it('explains a failed sign-in with a provider it does not know, and drops the alert at the next attempt', async () => {
    mockFetch(refusal(401, 'INVALID_CREDENTIALS', 'invalid credentials'));
    renderLogin('/login?ssoError=PROVIDER_NOT_FOUND&provider=sso_gone');

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Single sign-on failed')).toBeInTheDocument();

    signInWithPassword();
    expect(await screen.findByText('Wrong username or password.')).toBeInTheDocument();
    expect(screen.queryByText('Single sign-on failed')).toBeNull();
  });

  it('goes to the automatic provider at once, returning to the wanted page', async () => {
    renderLogin('/login?next=%2Fvault', { autoRedirectURL: '/auth/oidc/sso_kc/login' });

    await waitFor(() => expect(loadPage).toHaveBeenCalledWith('/auth/oidc/sso_kc/login?returnTo=%2Fvault'));
    expect(loadPage).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('link', { name: 'Sign in with a password instead' })).toHaveAttribute(
      'href',
      '/login?next=%2Fvault&local=1',
    );
  });

  it.each([
    ['after a failed sign-in', '/login?ssoError=STATE_INVALID&provider=sso_kc'],
    ['when the visitor asked for the password form', '/login?local=1'],
  ])('stays on the sign-in page %s', async (_, path) => {
    renderLogin(path, { autoRedirectURL: '/auth/oidc/sso_kc/login' });

    await screen.findByRole('link', { name: 'Sign in with Keycloak' });
    expect(loadPage).not.toHaveBeenCalled();
    expect(screen.queryByRole('link', { name: 'Sign in with a password instead' })).toBeNull();
  });

  it('says when password sign-in is for administrators only, and shows the server’s refusal', async () => {
    mockFetch(
      refusal(
        403,
        'LOCAL_LOGIN_DISABLED',
        'Password sign-in is for administrators only. Sign in with Keycloak instead.',
      ),
    );
    renderLogin('/login', { localLoginForEveryone: false });

    expect(await screen.findByText('Password sign-in is for administrators only on this server.')).toBeInTheDocument();
    signInWithPassword();
    expect(
      await screen.findByText('Password sign-in is for administrators only. Sign in with Keycloak instead.'),
    ).toBeInTheDocument();
    expect(loadPage).not.toHaveBeenCalled();
  });
});
