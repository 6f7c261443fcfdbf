/**
 * absoluteURL is a link the server made, as the user copies it: the server answers a path such
 * as /api/links/… unless it knows its BASE_URL, and a path is on the origin the app runs on.
 */
export function absoluteURL(url: string, origin: string = window.location.origin): string {
  return url.startsWith('/') ? `${origin}${url}` : url;
}

/**
 * startDownload opens a one-time link in this tab: the server answers it as an attachment, so the
 * browser saves the file and the page stays. It is a module function so tests can replace it.
 */
export function startDownload(url: string): void {
  window.location.assign(absoluteURL(url));
}
