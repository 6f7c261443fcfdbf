import { describe, expect, it } from 'vitest';
import { websocketURL } from './url';

describe('websocketURL', () => {
  it.each([
    { name: 'plain http', protocol: 'http:', host: '127.0.0.1:3000', want: 'ws://127.0.0.1:3000/graphql' },
    { name: 'tls', protocol: 'https:', host: 'backup.example.com', want: 'wss://backup.example.com/graphql' },
  ])('$name', ({ protocol, host, want }) => {
    expect(websocketURL({ protocol, host })).toBe(want);
  });
});
