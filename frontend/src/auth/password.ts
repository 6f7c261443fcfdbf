/**
 * minPasswordLength is the server's rule for new passwords: length only, no composition rules,
 * since long passphrases are both stronger and easier to remember.
 */
export const minPasswordLength = 12;

/** passwordRule says the rule in words, next to every field that sets a password. */
export const passwordRule = `At least ${minPasswordLength} characters; any characters are allowed, so a passphrase works well.`;

export interface NewPasswordErrors {
  password?: string;
  confirm?: string;
}

/**
 * checkNewPassword checks a new password and its repetition before anything is sent, so a typo
 * is caught at once; the server checks the length again.
 */
export function checkNewPassword(password: string, confirm: string): NewPasswordErrors {
  const errors: NewPasswordErrors = {};
  // Code points, as the server counts them, not UTF-16 units.
  if ([...password].length < minPasswordLength) {
    errors.password = `The password must have at least ${minPasswordLength} characters.`;
  }
  if (confirm !== password) errors.confirm = 'The passwords do not match.';
  return errors;
}
