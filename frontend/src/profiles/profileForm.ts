import type { CreateEncryptionProfileInput, ProfileRowFragment, UpdateEncryptionProfileInput } from '../gql/graphql';

export interface ProfileFormValues {
  name: string;
  description: string;
  /** importing is true when the user brings a key rather than letting the server generate one. */
  importing: boolean;
  importKey: string;
}

/** profileFormFields are the inputs by the names the server uses in extensions.field. */
export const profileFormFields = ['name', 'description', 'importKey'] as const;

/** keyPattern is an encryption profile's key: 32 bytes as 64 hex characters. */
const keyPattern = /^[0-9a-f]{64}$/;

/** normalizeKey drops the spaces and line breaks a copied key may carry and lower-cases it. */
export function normalizeKey(value: string): string {
  return value.replace(/\s+/g, '').toLowerCase();
}

export function initialProfileValues(profile?: ProfileRowFragment): ProfileFormValues {
  return { name: profile?.name ?? '', description: profile?.description ?? '', importing: false, importKey: '' };
}

export function validateProfileName(value: string): string | null {
  return value.trim() === '' ? 'Enter a name' : null;
}

/** validateImportKey checks a key to import: exactly 64 hex characters, as the server requires. */
export function validateImportKey(value: string, values: ProfileFormValues): string | null {
  if (!values.importing) return null;
  const key = normalizeKey(value);
  if (key === '') return 'Paste the key to import, or generate a new one';
  if (!/^[0-9a-f]*$/.test(key)) return 'Use only hex characters: 0-9 and a-f';
  if (!keyPattern.test(key)) return `Enter exactly 64 hex characters; this has ${key.length}`;
  return null;
}

/** createProfileInput is what createEncryptionProfile needs; without a key to import the server generates one. */
export function createProfileInput(values: ProfileFormValues): CreateEncryptionProfileInput {
  const input: CreateEncryptionProfileInput = { name: values.name.trim() };
  if (values.description.trim()) input.description = values.description.trim();
  if (values.importing) input.importKey = normalizeKey(values.importKey);
  return input;
}

/** updateProfileInput holds only what changed; a profile's key never changes. */
export function updateProfileInput(
  values: ProfileFormValues,
  initial: ProfileFormValues,
): UpdateEncryptionProfileInput {
  const input: UpdateEncryptionProfileInput = {};
  if (values.name.trim() !== initial.name) input.name = values.name.trim();
  if (values.description.trim() !== initial.description) input.description = values.description.trim();
  return input;
}
