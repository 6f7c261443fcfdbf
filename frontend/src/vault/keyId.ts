/** keyIdPattern is a key id as the server derives it: 8 bytes of HMAC output as lowercase hex. */
const keyIdPattern = /^[0-9a-f]{16}$/;

/**
 * longHexRun matches more hex digits in a row than a key id has. A key is 64 hex characters, so
 * any such run in a server message is hidden rather than trusted to be harmless.
 */
const longHexRun = /[0-9a-fA-F]{17,}/g;

/** isKeyId tells whether value is a key id; the UI shows nothing else that concerns a key. */
export function isKeyId(value: string): boolean {
  return keyIdPattern.test(value);
}

/** hideKeyMaterial replaces every hex run longer than a key id in text with a placeholder. */
export function hideKeyMaterial(text: string): string {
  return text.replace(longHexRun, '[hidden]');
}

/** plural counts n things: "1 secret", "3 secrets". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
