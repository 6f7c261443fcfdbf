import { describe, expect, it } from 'vitest';
import { restoreMethodText, stepParts } from './restoreMethod';

describe('restoreMethodText', () => {
  it.each([
    ['REPLACE_DATABASES', 'The chosen databases are dropped and recreated'],
    ['REPLACE_FILE', 'The SQLite file is replaced'],
    [
      'FLUSH_AND_REPLAY',
      'Everything on cache is deleted (FLUSHALL), then every key of the backup is replayed — works on managed Redis',
    ],
    ['MANUAL', 'cache is not marked replaceable: restore it by hand'],
  ] as const)('says what %s does', (method, text) => {
    expect(restoreMethodText(method, 'cache')).toBe(text);
  });
});

describe('stepParts', () => {
  it.each([
    ['plain text', 'Stop the server', [{ text: 'Stop the server', code: false }]],
    [
      'backtick spans as code',
      'Copy `dump.rdb` into `/var/lib/redis`, then start it',
      [
        { text: 'Copy ', code: false },
        { text: 'dump.rdb', code: true },
        { text: ' into ', code: false },
        { text: '/var/lib/redis', code: true },
        { text: ', then start it', code: false },
      ],
    ],
    ['a step that is only code', '`redis-cli SHUTDOWN`', [{ text: 'redis-cli SHUTDOWN', code: true }]],
    ['an unpaired backtick as text', 'Quote ` here', [{ text: 'Quote ` here', code: false }]],
  ])('splits %s', (_, step, parts) => {
    expect(stepParts(step)).toEqual(parts);
  });
});
