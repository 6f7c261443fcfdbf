import dayjs from 'dayjs';
import type { CreateApiKeyInput } from '../../gql/graphql';

export interface APIKeyFormValues {
  name: string;
  scopes: string[];
  /** expiresOn is the last day the key works, as YYYY-MM-DD, or null for never. */
  expiresOn: string | null;
}

export const apiKeyFormFields = ['name', 'scopes', 'expiresAt'] as const;

export function validateKeyName(value: string): string | null {
  const length = [...value.trim()].length;
  return length >= 1 && length <= 100 ? null : 'Use 1 to 100 characters';
}

export function validateScopes(value: string[]): string | null {
  return value.length > 0 ? null : 'Choose at least one scope';
}

/** expiresAt is the end of the day expiresOn in the browser's time zone, as an instant. */
export function expiresAt(expiresOn: string): string {
  return dayjs(expiresOn).endOf('day').toDate().toISOString();
}

/** createAPIKeyInput is what createAPIKey needs; a key without a day never expires. */
export function createAPIKeyInput(values: APIKeyFormValues): CreateApiKeyInput {
  const input: CreateApiKeyInput = { name: values.name.trim(), scopes: values.scopes };
  if (values.expiresOn) input.expiresAt = expiresAt(values.expiresOn);
  return input;
}
