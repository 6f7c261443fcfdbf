import { describe, expect, it } from 'vitest';
import { createAPIKeyInput, expiresAt } from './apiKeyForm';

describe('createAPIKeyInput', () => {
  it('leaves the expiry out for a key that never expires', () => {
    expect(createAPIKeyInput({ name: ' ci ', scopes: ['jobs:run'], expiresOn: null })).toEqual({
      name: 'ci',
      scopes: ['jobs:run'],
    });
  });

  it('ends the key at the end of the chosen day in the local time zone', () => {
    const input = createAPIKeyInput({ name: 'ci', scopes: ['jobs:run'], expiresOn: '2026-04-30' });
    expect(input.expiresAt).toBe(expiresAt('2026-04-30'));
    expect(input.expiresAt).toBe(new Date(2026, 3, 30, 23, 59, 59, 999).toISOString());
  });
});
