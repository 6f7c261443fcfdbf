import type { Location } from 'react-router';

/** loginRoute and setupRoute are the pages outside the sign-in gate. */
export const loginRoute = '/login';
export const setupRoute = '/setup';

/** nextParam carries the page to return to after sign-in. */
const nextParam = 'next';

/** loginPath is the sign-in page that returns to location afterwards. */
export function loginPath(location: Pick<Location, 'pathname' | 'search' | 'hash'>): string {
  const wanted = `${location.pathname}${location.search}${location.hash}`;
  if (safeReturnPath(wanted) === '/') return loginRoute;
  return `${loginRoute}?${new URLSearchParams({ [nextParam]: wanted })}`;
}

/** base resolves return paths; it is no real origin, only a yardstick for "same origin". */
const base = 'http://dbackup.invalid';

/**
 * safeReturnPath is where to go after sign-in, given the raw next value. Only a path on this
 * origin is accepted: "//evil.example", "/\\evil.example" or "https://evil.example" would make
 * the sign-in page an open redirect that phishing links abuse. The value is resolved the way the
 * browser will resolve it (which drops tabs and newlines, and reads backslashes as slashes) and
 * must stay on the origin. The sign-in and setup pages themselves lead to the dashboard instead.
 */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next?.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return '/';
  }
  if (url.origin !== base || url.pathname === loginRoute || url.pathname === setupRoute) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

/** returnPathFrom reads the next parameter of the sign-in page's search string. */
export function returnPathFrom(search: string): string {
  return safeReturnPath(new URLSearchParams(search).get(nextParam));
}
