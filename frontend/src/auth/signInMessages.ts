import type { SignInError } from './http';

/** SignInStep is where the sign-in page is: the password, or the second factor after it. */
export type SignInStep = 'password' | 'totp' | 'recovery';

/**
 * signInMessage turns a refused sign-in into what the person should know and do. The wording
 * never says whether the username exists, just as the server does not.
 */
export function signInMessage(error: SignInError, step: SignInStep): string {
  switch (error.code) {
    case 'INVALID_CREDENTIALS':
      if (step === 'totp') {
        return 'That code is not valid. Codes change every 30 seconds: enter the one your app shows now.';
      }
      if (step === 'recovery') return 'That recovery code is not valid, or it has been used already.';
      return 'Wrong username or password.';
    case 'ACCOUNT_DISABLED':
      return 'This account is disabled. Ask an administrator to enable it again.';
    case 'THROTTLED':
      return error.retryAfter
        ? `Too many sign-in attempts. Try again in ${seconds(error.retryAfter)}.`
        : 'Too many sign-in attempts. Wait a few minutes and try again.';
    case 'TOTP_REQUIRED':
      return 'Enter the code from your authenticator app, or a recovery code.';
    case 'LOCAL_LOGIN_DISABLED':
      // The server says whom to ask or which provider to use; the fallback covers an empty message.
      return error.message || localLoginForAdminsOnly;
    default:
      return error.message || 'Sign-in failed. Try again.';
  }
}

/** localLoginForAdminsOnly says that only administrators may use the password form. */
export const localLoginForAdminsOnly = 'Password sign-in is for administrators only on this server.';

/**
 * ssoErrorMessages say what went wrong when single sign-on failed and what to do about it, by the
 * code the server puts into /login?ssoError=CODE after a failed sign-in with a provider.
 */
const ssoErrorMessages: Readonly<Record<string, string>> = {
  PROVIDER_NOT_FOUND:
    'This single sign-on provider does not exist or is disabled. Choose another way to sign in, or ask an administrator.',
  PROVIDER_UNREACHABLE:
    'DBackup could not reach the identity provider. Try again later, or ask an administrator to check the provider.',
  DISCOVERY_INVALID:
    'The identity provider’s configuration is invalid. An administrator must check the issuer URL in the single sign-on settings.',
  ENCRYPTION_KEY_MISMATCH:
    'The client secret of this provider cannot be decrypted: DBackup runs with a different ENCRYPTION_KEY than the one it was saved with. An administrator must start DBackup with the right key or enter the client secret again. Signing in with a password still works.',
  SECRET_UNDECRYPTABLE:
    'The client secret of this provider is damaged and cannot be decrypted. An administrator must enter the client secret again. Signing in with a password still works.',
  STATE_INVALID: 'The sign-in took too long, or it was started in another browser or tab. Try again.',
  TOKEN_REJECTED:
    'The identity provider’s answer failed verification, so DBackup did not sign you in. Try again, or ask an administrator to check the provider.',
  PROVIDER_ERROR: 'The identity provider refused the sign-in.',
  USER_NOT_PROVISIONED:
    'No DBackup account is linked to this identity, and accounts are not created automatically. Ask an administrator to create or link your account.',
  DOMAIN_NOT_ALLOWED: 'Your e-mail domain may not sign in to this DBackup server.',
  EMAIL_NOT_VERIFIED:
    'An account with your e-mail address exists, but the identity provider does not say that the address is verified, so DBackup did not link it. Verify your e-mail address at the provider, or ask an administrator to link your account.',
  ACCOUNT_DISABLED: 'This account is disabled. Ask an administrator to enable it again.',
  INTERNAL_SERVER_ERROR:
    'DBackup failed while signing you in. Try again, or ask an administrator to look at the server log.',
};

/** ssoErrorMessage explains the code of a failed single sign-on; unknown codes get a generic message that names them. */
export function ssoErrorMessage(code: string): string {
  return Object.hasOwn(ssoErrorMessages, code)
    ? ssoErrorMessages[code]!
    : `Single sign-on failed with the error code ${code}. Try again, or ask an administrator.`;
}

function seconds(n: number): string {
  return n === 1 ? '1 second' : `${n} seconds`;
}
