/** units are the binary multiples a size is shown in, each 1024 times the one before. */
const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/**
 * formatBytes shows a size the way people read it: "512 bytes", "7.4 MiB", "1.2 TiB", with one
 * decimal below 10 of a unit and none above.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return 'unknown';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${value} ${value === 1 ? 'byte' : 'bytes'}`;
  const digits = value < 10 ? 1 : 0;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** formatLatency shows milliseconds: "0.2 ms" below 10, "35 ms" above. */
export function formatLatency(ms: number): string {
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}
