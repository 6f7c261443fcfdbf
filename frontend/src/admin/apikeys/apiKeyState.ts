import type { ApiKeyRowFragment } from '../../gql/graphql';

export type APIKeyState = 'active' | 'expired' | 'revoked';

/** apiKeyState tells whether a key works at now: revoked wins over expired. */
export function apiKeyState(key: ApiKeyRowFragment, now: Date): APIKeyState {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && new Date(key.expiresAt) <= now) return 'expired';
  return 'active';
}

export const apiKeyStateAppearance: Readonly<Record<APIKeyState, { label: string; color: string }>> = {
  active: { label: 'Active', color: 'green' },
  expired: { label: 'Expired', color: 'orange' },
  revoked: { label: 'Revoked', color: 'gray' },
};

/** newestFirst sorts keys by creation, newest first, without changing keys. */
export function newestFirst(keys: readonly ApiKeyRowFragment[]): ApiKeyRowFragment[] {
  return [...keys].sort((a, b) => b.createTime.localeCompare(a.createTime));
}
