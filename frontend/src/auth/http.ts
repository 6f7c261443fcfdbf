import { CSRF_HEADER } from '../graphql/client';

/** Credentials are what POST /auth/login takes; at most one of the codes is sent. */
export interface Credentials {
  username: string;
  password: string;
  totpCode?: string;
  recoveryCode?: string;
}

/** SignInError is a refused sign-in as /auth/login reports it. */
export interface SignInError {
  /** code is the server's error code, or NETWORK when no answer came. */
  code: string;
  message: string;
  /** field names the input the error is about, for INVALID_INPUT. */
  field?: string;
  /** retryAfter is how many seconds to wait, for THROTTLED. */
  retryAfter?: number;
}

export type SignInResult = { ok: true } | { ok: false; error: SignInError };

/**
 * signIn posts the credentials to /auth/login, which sets the HttpOnly session cookie on
 * success. The body is JSON: the server refuses anything else, which is what stops another
 * site's form from signing the browser in to an account of the attacker's choosing.
 */
export async function signIn(credentials: Credentials): Promise<SignInResult> {
  let res: Response;
  try {
    res = await fetch('/auth/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(credentials),
    });
  } catch {
    return { ok: false, error: { code: 'NETWORK', message: 'DBackup could not be reached. Try again.' } };
  }
  if (res.ok) return { ok: true };
  return { ok: false, error: await readError(res) };
}

/** readError reads {"error":{"code","message","field"?}} and the Retry-After header. */
async function readError(res: Response): Promise<SignInError> {
  const retryAfter = Number(res.headers.get('Retry-After')) || undefined;
  try {
    const body: unknown = await res.json();
    const error = (body as { error?: Partial<SignInError> }).error;
    if (error && typeof error.code === 'string') {
      return {
        code: error.code,
        message: typeof error.message === 'string' ? error.message : '',
        field: typeof error.field === 'string' ? error.field : undefined,
        retryAfter,
      };
    }
  } catch {
    // Not our JSON, for example a proxy's error page: fall through to the status.
  }
  return { code: `HTTP_${res.status}`, message: `Sign-in failed with HTTP status ${res.status}.`, retryAfter };
}

/**
 * signOut ends the session and clears its cookie. It carries the CSRF header, which the server
 * requires so that another site cannot sign the user out. It resolves false when the server
 * could not be reached or refused.
 */
export async function signOut(): Promise<boolean> {
  try {
    const res = await fetch('/auth/logout', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { [CSRF_HEADER]: '1' },
    });
    return res.ok;
  } catch {
    return false;
  }
}
