import type { EncryptionKeyState } from '../gql/graphql';

/** keyStateAppearance is how each system key state looks in the banner and the Vault page. */
export const keyStateAppearance: Record<EncryptionKeyState, { color: string; label: string }> = {
  OK: { color: 'green', label: 'OK' },
  MISMATCH: { color: 'red', label: 'Mismatch' },
  ROTATING: { color: 'blue', label: 'Rotating' },
  GENERATED: { color: 'yellow', label: 'Generated' },
};
