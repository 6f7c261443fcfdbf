/**
 * loadPage loads the SPA anew at path, rather than navigating inside the running one. Signing
 * in or out changes who the browser is, and a fresh load is the one way to drop everything tied
 * to the previous identity at once: urql's cached answers, and the websocket, which the server
 * authenticated by the cookie it carried when it was opened.
 */
export function loadPage(path: string): void {
  window.location.assign(path);
}
