import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { EnableTotpDocument } from '../gql/graphql';
import { type FakeServer, gqlError, renderApp, viewerFixture } from '../test/renderApp';

const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const otpauthUrl = `otpauth://totp/DBackup:admin?secret=${secret}&issuer=DBackup`;
const recoveryCodes = ['aaaa-bbbb-cccc', 'dddd-eeee-ffff', 'gggg-hhhh-iiii', 'jjjj-kkkk-llll'];

function section() {
  return within(screen.getByRole('region', { name: 'Two-factor authentication' }));
}

/** server is an instance whose viewer turns two-factor authentication on with code 123456. */
function enrollingServer(): FakeServer {
  const server: FakeServer = { viewer: viewerFixture({ totpEnabled: false }) };
  server.operations = {
    ViewerSessions: () => undefined,
    BeginTOTP: () => ({ beginTOTP: { __typename: 'TOTPEnrollment', secret, otpauthUrl } }),
    EnableTOTP: ({ code }) => {
      if (code !== '123456') return gqlError('invalid code', { code: 'INVALID_CREDENTIALS' });
      server.viewer = viewerFixture({ totpEnabled: true, recoveryCodesLeft: recoveryCodes.length });
      return { enableTOTP: { __typename: 'TOTPEnabledPayload', recoveryCodes } };
    },
  };
  return server;
}

function enterCode(code: string) {
  fireEvent.change(section().getAllByLabelText('Code from the app')[0]!, { target: { value: code } });
  fireEvent.click(section().getByRole('button', { name: 'Turn on' }));
}

describe('TwoFactorSection', () => {
  it('enrols with a QR code, shows the recovery codes once and turns two-factor authentication on', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const { client } = renderApp('/profile', enrollingServer());
    expect(section().getByTestId('totp-state')).toHaveTextContent('Off');

    fireEvent.click(section().getByRole('button', { name: 'Set up two-factor authentication' }));

    // The QR code encodes the otpauth URL; the secret is there to type in by hand.
    expect(await section().findByTitle('QR code for your authenticator app')).toBeInTheDocument();
    expect(section().getByTestId('totp-secret')).toHaveTextContent(secret);

    enterCode('000000');
    expect(await section().findByText(/That code is not valid/)).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();

    enterCode('123456');
    const dialog = within(await screen.findByRole('dialog', { name: 'Save your recovery codes' }));
    expect(dialog.getByRole('list', { name: 'Recovery codes' }).querySelectorAll('[role="listitem"]')).toHaveLength(
      recoveryCodes.length,
    );
    for (const code of recoveryCodes) expect(dialog.getByText(code)).toBeInTheDocument();
    expect(client.executeMutation).toHaveBeenCalledWith(
      expect.objectContaining({ query: EnableTotpDocument, variables: { code: '123456' } }),
      expect.anything(),
    );

    fireEvent.click(dialog.getByRole('button', { name: 'Copy codes' }));
    expect(writeText).toHaveBeenCalledWith(recoveryCodes.join('\n'));

    // The codes stay until the user confirms storing them: there is no other way out.
    const done = dialog.getByRole('button', { name: 'Done' });
    expect(done).toBeDisabled();
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(screen.getByRole('dialog', { name: 'Save your recovery codes' })).toBeInTheDocument();
    fireEvent.click(dialog.getByRole('checkbox', { name: 'I stored these codes somewhere safe' }));
    fireEvent.click(done);

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.queryByText(recoveryCodes[0]!)).toBeNull();
    expect(section().getByTestId('totp-state')).toHaveTextContent('On');
    expect(section().getByTestId('recovery-codes-left')).toHaveTextContent('4 recovery codes left.');
    expect(section().queryByTitle('QR code for your authenticator app')).toBeNull();
    vi.unstubAllGlobals();
  });

  it('turns two-factor authentication off after checking the password', async () => {
    const server: FakeServer = { viewer: viewerFixture({ totpEnabled: true, recoveryCodesLeft: 2 }) };
    server.operations = {
      ViewerSessions: () => undefined,
      DisableTOTP: ({ currentPassword }) => {
        if (currentPassword !== 'my real password')
          return gqlError('invalid credentials', { code: 'INVALID_CREDENTIALS' });
        server.viewer = viewerFixture({ totpEnabled: false, recoveryCodesLeft: 0 });
        return { disableTOTP: true };
      },
    };
    renderApp('/profile', server);
    expect(section().getByTestId('recovery-codes-left')).toHaveTextContent('2 recovery codes left.');

    fireEvent.click(section().getByRole('button', { name: 'Turn off two-factor authentication' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Turn off two-factor authentication?' }));
    fireEvent.change(dialog.getByLabelText('Password'), { target: { value: 'a wrong guess' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Turn off' }));
    expect(await dialog.findByText('The password is wrong.')).toBeInTheDocument();

    fireEvent.change(dialog.getByLabelText('Password'), { target: { value: 'my real password' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Turn off' }));

    expect(await screen.findByText('Two-factor authentication is off')).toBeInTheDocument();
    await waitFor(() => expect(section().getByTestId('totp-state')).toHaveTextContent('Off'));
    expect(section().getByRole('button', { name: 'Set up two-factor authentication' })).toBeInTheDocument();
  });

  it('explains that an API key cannot set up two-factor authentication', async () => {
    renderApp('/profile', {
      viewer: viewerFixture({ viaApiKey: true }),
      operations: {
        ViewerSessions: () => undefined,
        BeginTOTP: () => gqlError('a browser session is required', { code: 'SESSION_REQUIRED' }),
      },
    });

    fireEvent.click(section().getByRole('button', { name: 'Set up two-factor authentication' }));

    expect(await section().findByText(/needs you to sign in with your browser/)).toBeInTheDocument();
    expect(section().queryByTitle('QR code for your authenticator app')).toBeNull();
  });
});
