#!/usr/bin/env node
// node-encoder.js writes a DBKENC version 1 file from its own implementation of
// docs/backup-format.md ("Writing"), so that the Go tests can check that internal/encfile
// reads what an independent writer produces. Test only; it is not part of the Recovery Kit.
//
// Usage: node node-encoder.js KEY_HEX CHUNK_SIZE IN OUT
'use strict';

const fs = require('node:fs');
const crypto = require('node:crypto');

const MAGIC = Buffer.from('8944424b454e430a', 'hex');

function seal(key, nonce, plaintext, ad) {
  const c = crypto.createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  c.setAAD(ad);
  const out = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([out, c.getAuthTag()]);
}

function chunkNonce(i, final) {
  const n = Buffer.alloc(12);
  n.writeBigUInt64BE(BigInt(i), 3);
  n[11] = final ? 1 : 0;
  return n;
}

function encrypt(pk, chunkSize, plain) {
  const kid = crypto.createHmac('sha256', pk).update('dbackup key id').digest().subarray(0, 8).toString('hex');
  // The random bytes, in the order of the spec: data key, file id, wrap nonce.
  const dk = crypto.randomBytes(32);
  const fileId = crypto.randomBytes(16);
  const wrapNonce = crypto.randomBytes(12);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(chunkSize);
  const core = Buffer.concat([MAGIC, Buffer.from([1]), Buffer.from(kid, 'latin1'), size, fileId]);
  const header = Buffer.concat([core, wrapNonce, seal(pk, wrapNonce, dk, core)]);
  const ad = crypto.createHash('sha256').update(header).digest();
  const out = [header];
  const n = Math.max(1, Math.ceil(plain.length / chunkSize));
  for (let i = 0; i < n; i++) {
    const p = plain.subarray(i * chunkSize, Math.min(plain.length, (i + 1) * chunkSize));
    out.push(seal(dk, chunkNonce(i, i === n - 1), p, ad));
  }
  return Buffer.concat(out);
}

const [keyHex, cs, inFile, outFile] = process.argv.slice(2);
if (!outFile) {
  console.error('usage: node node-encoder.js KEY_HEX CHUNK_SIZE IN OUT');
  process.exit(2);
}
fs.writeFileSync(outFile, encrypt(Buffer.from(keyHex, 'hex'), Number(cs), fs.readFileSync(inFile)));
