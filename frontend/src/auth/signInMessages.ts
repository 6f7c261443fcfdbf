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
    default:
      return error.message || 'Sign-in failed. Try again.';
  }
}

function seconds(n: number): string {
  return n === 1 ? '1 second' : `${n} seconds`;
}
