import type { CombinedError } from 'urql';

/**
 * errorMessage is what the server said went wrong, without urql's "[GraphQL]" prefix: the
 * GraphQL errors' messages, or the network error's when the request did not get through.
 */
export function errorMessage(error: CombinedError): string {
  const messages = error.graphQLErrors.map((e) => e.message).filter((m) => m !== '');
  if (messages.length > 0) return messages.join('; ');
  return error.networkError?.message ?? error.message;
}

/**
 * ErrorCode is one of the codes the server puts in extensions.code. The UI branches on these,
 * never on messages, which may change wording.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'SESSION_REQUIRED'
  | 'INVALID_INPUT'
  | 'INVALID_CREDENTIALS'
  | 'TOTP_REQUIRED'
  | 'ACCOUNT_DISABLED'
  | 'SETUP_DONE'
  | 'THROTTLED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'IN_USE';

/** ErrorDetails are the extensions of the first GraphQL error that has a code. */
export interface ErrorDetails {
  code?: string;
  /** field names the input field an INVALID_INPUT error is about. */
  field?: string;
  /** permission names what a FORBIDDEN error lacks. */
  permission?: string;
  /** retryAfter is how many seconds a THROTTLED caller must wait. */
  retryAfter?: number;
  /** users names what still uses the item of an IN_USE error, such as the jobs of a source. */
  users?: string[];
}

/** errorDetails reads the code and its companions from error, or {} for a network error. */
export function errorDetails(error: CombinedError | undefined): ErrorDetails {
  const ext = error?.graphQLErrors.find((e) => typeof e.extensions?.code === 'string')?.extensions;
  if (!ext) return {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    code: text(ext.code),
    field: text(ext.field),
    permission: text(ext.permission),
    retryAfter: typeof ext.retryAfter === 'number' ? ext.retryAfter : undefined,
    users: Array.isArray(ext.users) ? ext.users.filter((u): u is string => typeof u === 'string') : undefined,
  };
}

/** hasErrorCode tells whether any GraphQL error of error carries code. */
export function hasErrorCode(error: CombinedError | undefined, code: ErrorCode): boolean {
  return error?.graphQLErrors.some((e) => e.extensions?.code === code) ?? false;
}

/**
 * sessionRequiredMessage explains SESSION_REQUIRED: the account's own password, second factor
 * and sessions can be changed only by the person, signed in with a browser, never with an API key.
 */
export const sessionRequiredMessage =
  'This request uses an API key. Changing your password, two-factor authentication or sessions needs ' +
  'you to sign in with your browser.';
