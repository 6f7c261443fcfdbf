import { createHmac } from 'node:crypto';

/** stepSeconds and digits are RFC 6238's defaults, which DBackup's otpauth URLs use. */
const stepSeconds = 30;
const digits = 6;

const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** decodeBase32 reads an RFC 4648 base32 secret, as the profile page shows it. */
function decodeBase32(secret: string): Buffer {
  const bits = [...secret.replace(/=+$/, '').toUpperCase()]
    .map((c) => {
      const value = base32.indexOf(c);
      if (value < 0) throw new Error(`not base32: ${c}`);
      return value.toString(2).padStart(5, '0');
    })
    .join('');
  return Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
}

/**
 * totpCode is the code an authenticator app shows for secret, stepsAhead 30-second steps after
 * now. The server accepts one step either side but each step only once, so a spec that has just
 * used the current code signs in with the next one.
 */
export function totpCode(secret: string, stepsAhead = 0, now = Date.now()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 1000 / stepSeconds) + stepsAhead));
  const mac = createHmac('sha1', decodeBase32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits).padStart(digits, '0');
}
