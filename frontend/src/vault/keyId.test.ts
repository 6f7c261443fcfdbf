import { describe, expect, it } from 'vitest';
import { hideKeyMaterial, isKeyId, plural } from './keyId';

describe('isKeyId', () => {
  it.each([
    { value: '0123456789abcdef', want: true },
    { value: '0123456789ABCDEF', want: false },
    { value: '0123456789abcde', want: false },
    { value: '0123456789abcdef0', want: false },
    { value: 'malformed', want: false },
    { value: '', want: false },
  ])('$value is a key id: $want', ({ value, want }) => {
    expect(isKeyId(value)).toBe(want);
  });
});

describe('hideKeyMaterial', () => {
  it('keeps key ids and hides longer hex runs such as a key', () => {
    const key = 'AB'.repeat(32);
    expect(hideKeyMaterial(`key id 0123456789abcdef, key ${key}.`)).toBe('key id 0123456789abcdef, key [hidden].');
  });

  it('leaves ordinary text alone', () => {
    const text = 'DBackup generated its key into /data/encryption.key at first start.';
    expect(hideKeyMaterial(text)).toBe(text);
  });
});

describe('plural', () => {
  it.each([
    { n: 0, want: '0 secrets' },
    { n: 1, want: '1 secret' },
    { n: 2, want: '2 secrets' },
  ])('counts $n', ({ n, want }) => {
    expect(plural(n, 'secret')).toBe(want);
  });
});
