import { admin, login, setupAdmin, signOut } from './auth';
import { expect, test } from './fixtures';
import { totpCode } from './totp';

test('the first admin turns on two-factor authentication, signs in with it and changes the password', async ({
  page,
}) => {
  await setupAdmin(page);
  const profile = page.getByRole('main');
  const twoFactor = profile.getByRole('region', { name: 'Two-factor authentication' });
  let secret = '';
  let recoveryCodes: string[] = [];

  await test.step('the profile shows the account and this browser session', async () => {
    await page
      .getByRole('banner')
      .getByRole('button', { name: `Account menu of ${admin.username}` })
      .click();
    await page.getByRole('menuitem', { name: 'Profile' }).click();
    await expect(page).toHaveURL(/\/profile$/);
    await expect(profile.getByRole('region', { name: 'Account' })).toContainText('Admins');
    const sessions = profile.getByRole('table', { name: 'Your sessions' });
    await expect(sessions.getByRole('row')).toHaveCount(2);
    await expect(sessions).toContainText('This browser');
  });

  await test.step('two-factor enrolment shows a QR code and the recovery codes once', async () => {
    await twoFactor.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    await expect(twoFactor.locator('svg title', { hasText: 'QR code for your authenticator app' })).toBeAttached();
    secret = (await twoFactor.getByTestId('totp-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    await twoFactor.getByLabel('Code from the app').first().fill(totpCode(secret));
    await twoFactor.getByRole('button', { name: 'Turn on' }).click();

    const dialog = page.getByRole('dialog', { name: 'Save your recovery codes' });
    recoveryCodes = await dialog.getByRole('listitem').allTextContents();
    expect(recoveryCodes.length).toBeGreaterThan(0);
    await expect(dialog.getByRole('button', { name: 'Done' })).toBeDisabled();
    await dialog.getByRole('checkbox', { name: 'I stored these codes somewhere safe' }).check();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog).toBeHidden();
    await expect(twoFactor.getByTestId('totp-state')).toHaveText('On');
    await expect(twoFactor.getByTestId('recovery-codes-left')).toContainText(
      `${recoveryCodes.length} recovery codes left`,
    );
  });

  await test.step('sign-in asks for the code from the app', async () => {
    await signOut(page);
    // The current step's code was spent on enrolment; the next one is accepted too.
    await login(page, admin, { next: '/profile', totpCode: totpCode(secret, 1) });
  });

  await test.step('a recovery code signs in once in place of the app', async () => {
    await signOut(page);
    await page.getByLabel(/^Username/).fill(admin.username);
    await page.getByLabel(/^Password/).fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('switch', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel(/^Recovery code/).fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByRole('main').getByRole('heading', { name: 'Dashboard' })).toBeVisible();
    await page.goto('/profile');
    await expect(twoFactor.getByTestId('recovery-codes-left')).toContainText(
      `${recoveryCodes.length - 1} recovery codes left`,
    );
  });

  await test.step('turning two-factor off needs the password', async () => {
    await twoFactor.getByRole('button', { name: 'Turn off two-factor authentication' }).click();
    const dialog = page.getByRole('dialog', { name: 'Turn off two-factor authentication?' });
    await dialog.getByLabel('Password', { exact: true }).fill(admin.password);
    await dialog.getByRole('button', { name: 'Turn off' }).click();
    await expect(twoFactor.getByTestId('totp-state')).toHaveText('Off');
  });

  await test.step('a changed password is the one that signs in', async () => {
    const password = profile.getByRole('region', { name: 'Password' });
    const changed = { ...admin, password: 'a changed e2e passphrase' };
    await password.getByLabel('Current password').fill(admin.password);
    await password.getByLabel(/^New password/).fill(changed.password);
    await password.getByLabel('Confirm new password').fill(changed.password);
    await password.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByText('Password changed')).toBeVisible();
    await signOut(page);
    await login(page, changed);
  });
});
