import { describe, expect, it } from 'vitest';
import { absoluteURL } from './links';

describe('absoluteURL', () => {
  it('puts the origin before a path and keeps an absolute link', () => {
    expect(absoluteURL('/api/links/abc', 'https://backup.example')).toBe('https://backup.example/api/links/abc');
    expect(absoluteURL('https://dbackup.example/api/links/abc', 'http://localhost:8080')).toBe(
      'https://dbackup.example/api/links/abc',
    );
  });
});
