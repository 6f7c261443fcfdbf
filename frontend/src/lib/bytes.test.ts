import { describe, expect, it } from 'vitest';
import { formatBytes, formatLatency } from './bytes';

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [1023, '1023 bytes'],
    [1024, '1.0 KiB'],
    [7_708_007, '7.4 MiB'],
    [50 * 1024 ** 3, '50 GiB'],
    [1.5 * 1024 ** 4, '1.5 TiB'],
    [-1, 'unknown'],
  ])('shows %d as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatLatency', () => {
  it('keeps a decimal for short round trips only', () => {
    expect(formatLatency(0.218)).toBe('0.2 ms');
    expect(formatLatency(17.636)).toBe('18 ms');
  });
});
