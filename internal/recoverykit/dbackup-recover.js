#!/usr/bin/env node
// dbackup-recover.js: the DBackup Recovery Kit's stand-alone restore tool.
//
// It lists, checks, decrypts and decompresses DBackup backups without DBackup: only Node.js 18
// or later and its built-in modules are needed. It is written from the published
// specifications (docs/backup-format.md for the DBKENC encrypted file format,
// docs/backups.md for the <object>.meta.json sidecar, docs/archive-format.md for
// dbackup-tar-v1 archives) and not from DBackup's Go code.
//
// Run `node dbackup-recover.js --help` for usage. The kit's README.md explains every step.
'use strict';

const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');
const crypto = require('node:crypto');
const zlib = require('node:zlib');
const readline = require('node:readline');
const { pipeline } = require('node:stream/promises');

const VERSION = '1';

// DBKENC version 1 (docs/backup-format.md).
const MAGIC = Buffer.from('8944424b454e430a', 'hex');
const HEADER_SIZE = 105; // magic 8, version 1, kid 16, chunk size 4, file id 16, wrap nonce 12, wrapped key 48
const CORE_SIZE = 45; // the header without its wrap: the wraps' associated data
const TAG_SIZE = 16; // full AES-GCM tags, never truncated
const MIN_CHUNK = 64;
const MAX_CHUNK = 16 * 1024 * 1024; // checked before any chunk buffer is allocated
const MAX_INDEX = (1n << 64n) - 1n; // only a final chunk may have this index
const KID_LABEL = 'dbackup key id';
const KID_RE = /^[0-9a-f]{16}$/;

// Sidecars (docs/backups.md) and archives (docs/archive-format.md).
const SIDECAR_SUFFIX = '.meta.json';
const MAX_SIDECAR = 1024 * 1024; // a sidecar over 1 MiB is refused unread
const COMPRESSIONS = ['zstd', 'gzip', 'brotli', 'none'];
const EXT_OF = { zstd: '.zst', gzip: '.gz', brotli: '.br', none: '' };
const ARCHIVE_FORMAT = 'dbackup-tar-v1';
const BLOCK = 512;
const MAX_PART = 4 * 1024 * 1024; // the archive's segment size: no part is larger
const MAX_MANIFEST = 2 * 1024 * 1024;
const MAX_PAX = 1024 * 1024; // pax headers only carry a path here
const DUMP_EXT = { 'pg_dump-custom': '.dump', 'mysqldump-sql': '.sql', 'sqlite-file': '.sqlite', 'dbackup-mongo-v1': '.mongo' };

const READ_SIZE = 1024 * 1024; // read granularity for files that are not encrypted

// RecoverError carries one of the names of docs/backup-format.md (ErrTampered, …) or of
// docs/recovery-kit.md (ErrChecksum, ErrKit, …) so that people and tests can tell failures apart.
class RecoverError extends Error {
  constructor(code, message) {
    super(`${code}: ${message}`);
    this.code = code;
  }
}
const fail = (code, message) => { throw new RecoverError(code, message); };

// ---------------------------------------------------------------------------------------------
// Keys

const kidOf = (key) => crypto.createHmac('sha256', key).update(KID_LABEL).digest().subarray(0, 8).toString('hex');

// parseKey reads a profile key written as 64 hex characters (white space around it ignored).
// `where` names the key's origin in errors; the key itself is never printed.
function parseKey(text, where, code = 'ErrKey', fix = 'Copy the key again from DBackup (Encryption Profiles → reveal key) or from a Recovery Kit\'s keys folder.') {
  const s = String(text).trim();
  if (!/^[0-9a-fA-F]{64}$/.test(s)) {
    fail(code, `${where} is not a profile key: it must hold exactly 64 hex characters (it has ${s.length} characters). ${fix}`);
  }
  const key = Buffer.from(s, 'hex');
  if (key.every((b) => b === 0)) fail(code, `${where} is all zeros, which is not a real profile key. ${fix}`);
  return key;
}

// KeyRing maps key ids to profile keys.
class KeyRing {
  constructor() { this.byKid = new Map(); }
  add(key, label) {
    const kid = kidOf(key);
    if (!this.byKid.has(kid)) this.byKid.set(kid, { kid, key, label });
    return kid;
  }
  get(kid) { const e = this.byKid.get(kid); return e ? e.key : null; }
  has(kid) { return this.byKid.has(kid); }
  get size() { return this.byKid.size; }
  describe() { return [...this.byKid.values()].map((e) => `${e.kid} (${e.label})`).join(', ') || 'none'; }
}

// loadKit reads <dir>/keys/keys.json and the key files it lists, refusing any key file whose key
// id is not the one keys.json records (a changed or swapped file).
function loadKit(dir, ring) {
  const index = path.join(dir, 'keys', 'keys.json');
  let raw;
  try {
    raw = fs.readFileSync(index, 'utf8');
  } catch (e) {
    fail('ErrKit', `cannot read ${index} (${e.code || e.message}): pass the folder of an unzipped Recovery Kit with --kit DIR, or a key with --key-file FILE.`);
  }
  let doc;
  try { doc = JSON.parse(raw); } catch (e) { fail('ErrKit', `${index} is not valid JSON (${e.message}): unzip the kit again from its ZIP file.`); }
  if (!doc || doc.version !== 1 || !Array.isArray(doc.keys)) {
    fail('ErrKit', `${index} is not a version 1 kit index ({"version":1,"keys":[…]}): use the dbackup-recover.js of the same kit, or a newer one.`);
  }
  const found = [];
  doc.keys.forEach((e, i) => {
    const what = `${index}, key ${i + 1}`;
    if (!e || typeof e.kid !== 'string' || !KID_RE.test(e.kid)) fail('ErrKit', `${what}: "kid" must be 16 lower-case hex characters: unzip the kit again.`);
    if (typeof e.file !== 'string' || path.isAbsolute(e.file) || e.file.split(/[\\/]/).some((p) => p === '..' || p === '')) {
      fail('ErrKit', `${what}: "file" must be a relative path such as keys/name.key: unzip the kit again.`);
    }
    const file = path.join(dir, e.file);
    let text;
    try { text = fs.readFileSync(file, 'utf8'); } catch (err) {
      fail('ErrKit', `cannot read key file ${file} (${err.code || err.message}) listed in ${index}: unzip the whole kit again.`);
    }
    const key = parseKey(text, `key file ${file}`, 'ErrKit', 'Restore it from the original kit ZIP.');
    const kid = kidOf(key);
    if (kid !== e.kid) {
      fail('ErrKit', `key file ${file} holds the key with key id ${kid}, but ${index} says ${e.kid}: the file was changed or swapped. Restore it from the original kit ZIP, or remove its entry from keys.json.`);
    }
    ring.add(key, e.profileName ? `profile "${e.profileName}"` : file);
    found.push(kid);
  });
  return found;
}

// ---------------------------------------------------------------------------------------------
// Sidecars

// loadSidecar returns the parsed <file>.meta.json, or null when there is none.
function loadSidecar(file) {
  const p = file + SIDECAR_SUFFIX;
  let st;
  try { st = fs.statSync(p); } catch { return null; }
  const fix = `fix or move away ${p}, or pass --no-sidecar to restore without it (no checksum is checked then)`;
  if (st.size > MAX_SIDECAR) fail('ErrSidecar', `${p} is ${st.size} bytes, more than a sidecar can be (1 MiB): ${fix}.`);
  let sc;
  try { sc = JSON.parse(fs.readFileSync(p, 'utf8')); } catch (e) { fail('ErrSidecar', `${p} is not valid JSON (${e.message}): ${fix}.`); }
  return checkSidecar(sc, p, fix);
}

function checkSidecar(sc, p, fix) {
  const bad = (what) => fail('ErrSidecar', `${p}: ${what}: ${fix}.`);
  if (!sc || typeof sc !== 'object' || Array.isArray(sc)) bad('not a JSON object');
  if (!Number.isInteger(sc.version) || sc.version < 1) bad(`version ${sc.version}`);
  if (sc.version > 1) bad(`version ${sc.version} is newer than this script reads (1); use a newer Recovery Kit or dbackup`);
  if (!COMPRESSIONS.includes(sc.compression)) bad(`compression ${JSON.stringify(sc.compression)} is not one of ${COMPRESSIONS.join(', ')}`);
  if (typeof sc.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sc.sha256)) bad('sha256 must be 64 lower-case hex characters');
  if (!Number.isSafeInteger(sc.size) || sc.size < 0) bad('size must be a number of bytes');
  if (sc.encryption != null) {
    const e = sc.encryption;
    if (e.format !== 'dbackup-enc-v1') bad(`encryption format ${JSON.stringify(e.format)}, want "dbackup-enc-v1"`);
    if (typeof e.keyId !== 'string' || !KID_RE.test(e.keyId)) bad('encryption.keyId must be 16 lower-case hex characters');
    if (e.wraps != null && !Array.isArray(e.wraps)) bad('encryption.wraps must be a list');
  }
  return sc;
}

// parseWrap checks an extra wrap in its sidecar form (docs/backup-format.md, "Extra wraps").
function parseWrap(w, i) {
  const ok = w && typeof w === 'object' && w.alg === 'A256GCM' &&
    typeof w.kid === 'string' && KID_RE.test(w.kid) &&
    typeof w.nonce === 'string' && /^[0-9a-f]{24}$/.test(w.nonce) &&
    typeof w.wrapped_key === 'string' && /^[0-9a-f]{96}$/.test(w.wrapped_key);
  if (!ok) fail('ErrMalformedWrap', `extra wrap ${i + 1} in the sidecar is malformed (want alg "A256GCM", a 16-hex kid, a 24-hex nonce and a 96-hex wrapped_key): fix the sidecar or pass --no-sidecar.`);
  return { kid: w.kid, nonce: Buffer.from(w.nonce, 'hex'), key: Buffer.from(w.wrapped_key, 'hex') };
}

// ---------------------------------------------------------------------------------------------
// Reading files

// Source reads a file sequentially with look-ahead, and hands every byte it reads to onBytes
// (the checksum and the progress display).
class Source {
  constructor(fh, onBytes) {
    this.fh = fh;
    this.buf = Buffer.alloc(0);
    this.eof = false;
    this.onBytes = onBytes || (() => {});
  }

  // fill reads until at least n bytes are buffered or the file ends; it returns what is buffered.
  async fill(n) {
    while (this.buf.length < n && !this.eof) {
      const want = Math.max(n - this.buf.length, 64 * 1024);
      const b = Buffer.allocUnsafe(want);
      const { bytesRead } = await this.fh.read(b, 0, want, null);
      if (bytesRead === 0) { this.eof = true; break; }
      const got = b.subarray(0, bytesRead);
      this.onBytes(got);
      this.buf = this.buf.length ? Buffer.concat([this.buf, got]) : got;
    }
    return this.buf.length;
  }

  take(n) {
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }
}

// gcmOpen opens AES-256-GCM data (ciphertext then tag). decipher.update() hands out plaintext
// before final() has checked the tag, so the plaintext is returned only after final() returned;
// when the tag is wrong final() throws and the plaintext is dropped with the stack frame.
function gcmOpen(key, nonce, data, ad) {
  const d = crypto.createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_SIZE });
  d.setAAD(ad);
  d.setAuthTag(data.subarray(data.length - TAG_SIZE));
  const out = d.update(data.subarray(0, data.length - TAG_SIZE));
  d.final();
  return out;
}

function tryOpen(key, nonce, data, ad) {
  try { return gcmOpen(key, nonce, data, ad); } catch { return null; }
}

function chunkNonce(i, final) {
  const n = Buffer.alloc(12);
  n.writeBigUInt64BE(i, 3);
  n[11] = final ? 1 : 0;
  return n;
}

// decryptChunks yields the plaintext of a DBKENC file chunk by chunk, each only after its tag
// verified, and throws the error named by docs/backup-format.md ("Reading") at the first problem.
async function* decryptChunks(src, ring, extraWraps) {
  const got = await src.fill(HEADER_SIZE);
  const head = src.buf.subarray(0, Math.min(got, HEADER_SIZE));
  const m = Math.min(head.length, MAGIC.length);
  if (!head.subarray(0, m).equals(MAGIC.subarray(0, m))) {
    fail('ErrNotEncrypted', 'this is not an encrypted DBackup file (it does not start with \\x89DBKENC). If it is a plain backup, rename it so it does not end in .enc.');
  }
  if (head.length > 8 && head[8] !== 1) {
    fail('ErrUnsupportedVersion', `the file is format version ${head[8]}, this script reads version 1: use a newer Recovery Kit or dbackup.`);
  }
  if (head.length < HEADER_SIZE) fail('ErrTruncated', `the file ends inside its ${HEADER_SIZE}-byte header (${head.length} bytes): it is incomplete; fetch it again from the destination.`);
  const header = Buffer.from(src.take(HEADER_SIZE));
  const core = header.subarray(0, CORE_SIZE);
  const kid = header.toString('latin1', 9, 25);
  const C = header.readUInt32BE(25);
  if (!KID_RE.test(kid)) fail('ErrHeader', 'the header\'s key id is not 16 lower-case hex characters: the file is damaged.');
  if (C < MIN_CHUNK || C > MAX_CHUNK) fail('ErrHeader', `the header's chunk size ${C} is outside ${MIN_CHUNK}..${MAX_CHUNK}: the file is damaged.`);

  const wraps = [{ kid, nonce: header.subarray(45, 57), key: header.subarray(57, 105) }, ...extraWraps];
  let dk = null;
  let tried = false;
  for (const w of wraps) {
    const pk = ring.get(w.kid);
    if (!pk) continue;
    tried = true;
    dk = tryOpen(pk, w.nonce, w.key, core);
    if (dk) break;
  }
  if (!dk) {
    if (tried) fail('ErrWrongKey', `the profile key with key id ${wraps.filter((w) => ring.has(w.kid)).map((w) => w.kid).join(', ')} does not open this file: its header or the sidecar's wrap is damaged.`);
    const alts = extraWraps.map((w) => w.kid).filter((k) => k !== kid);
    fail('ErrUnknownKey', `this backup needs the profile key with key id ${kid}${alts.length ? ` (or one of ${alts.join(', ')})` : ''}; the loaded keys are: ${ring.describe()}. Import profile key ${kid}: use the Recovery Kit of the profile that wrote it (--kit DIR) or pass the key with --key-file FILE.`);
  }

  const ad = crypto.createHash('sha256').update(header).digest();
  const full = C + TAG_SIZE;
  for (let i = 0n; ; i++) {
    const rest = await src.fill(full + 1);
    if (rest > full) {
      if (i === MAX_INDEX) fail('ErrTooLarge', 'the file has more than 2^64 chunks.');
      const c = src.take(full);
      const p = tryOpen(dk, chunkNonce(i, false), c, ad);
      if (!p) {
        if (tryOpen(dk, chunkNonce(i, true), c, ad)) fail('ErrTrailingData', `unexpected bytes follow the end of the backup (after chunk ${i}): the file was changed; fetch it again.`);
        fail('ErrTampered', `chunk ${i} failed authentication: the file was changed or damaged; fetch it again from the destination.`);
      }
      yield p;
    } else {
      if (rest < TAG_SIZE) fail('ErrTruncated', `the file ends inside chunk ${i}: it is incomplete; fetch it again from the destination.`);
      const c = src.take(rest);
      const p = tryOpen(dk, chunkNonce(i, true), c, ad);
      if (!p) {
        if (rest === full && tryOpen(dk, chunkNonce(i, false), c, ad)) fail('ErrTruncated', `the file ends after chunk ${i}, before its final chunk: it is incomplete; fetch it again from the destination.`);
        fail('ErrTampered', `chunk ${i} (the last) failed authentication: the file was changed or damaged; fetch it again from the destination.`);
      }
      if (p.length) yield p;
      return;
    }
  }
}

// plainChunks yields a file that is not encrypted as it is.
async function* plainChunks(src) {
  for (;;) {
    await src.fill(READ_SIZE);
    if (!src.buf.length) return;
    yield src.take(src.buf.length);
  }
}

function decompressor(compression) {
  switch (compression) {
    case 'gzip': return zlib.createGunzip();
    case 'brotli': return zlib.createBrotliDecompress();
    case 'zstd': return typeof zlib.createZstdDecompress === 'function' ? zlib.createZstdDecompress() : null;
    default: return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Output

const randomTag = () => crypto.randomBytes(6).toString('hex');
const exists = (p) => { try { fs.lstatSync(p); return true; } catch { return false; } };

function human(n) {
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
  return i === 0 ? `${n} B` : `${n.toFixed(1)} ${u[i]}`;
}

// Progress writes one updating line to stderr, only when stderr is a terminal.
class Progress {
  constructor(label, total) {
    this.on = Boolean(process.stderr.isTTY);
    this.label = label;
    this.total = total;
    this.last = 0;
  }
  update(done) {
    if (!this.on) return;
    const now = Date.now();
    if (now - this.last < 200 && done < this.total) return;
    this.last = now;
    const pct = this.total ? ` ${Math.floor((100 * done) / this.total)}%` : '';
    process.stderr.write(`\r${this.label}${pct}  ${human(done)} / ${human(this.total)}   `);
  }
  done() { if (this.on) process.stderr.write('\n'); }
}

// plan works out from the sidecar (or, without one, the file name) what a file is and what
// it becomes.
function plan(file, sc, opts) {
  let name = path.basename(file);
  let encrypted;
  if (sc) {
    encrypted = sc.encryption != null;
  } else {
    encrypted = name.endsWith('.enc') || sniffMagic(file);
  }
  if (name.endsWith('.enc')) name = name.slice(0, -4);
  let compression = 'none';
  if (sc) {
    compression = sc.compression;
  } else {
    for (const [c, ext] of Object.entries(EXT_OF)) if (ext && name.endsWith(ext)) compression = c;
  }
  const ext = EXT_OF[compression];
  const dec = decompressor(compression);
  let zstdPending = false;
  if (compression !== 'none') {
    if (dec) {
      if (name.endsWith(ext)) name = name.slice(0, -ext.length);
    } else {
      zstdPending = true;
      if (!name.endsWith(ext)) name += ext;
    }
  }
  if (!name) name = 'backup';
  const archive = sc ? sc.format === ARCHIVE_FORMAT : name.endsWith('.tar');
  const wraps = sc && sc.encryption && sc.encryption.wraps ? sc.encryption.wraps.map(parseWrap) : [];
  return { encrypted, compression, dec, zstdPending, outName: name, archive, wraps, out: path.join(opts.output, name) };
}

function sniffMagic(file) {
  const b = Buffer.alloc(MAGIC.length);
  const fd = fs.openSync(file, 'r');
  try { return fs.readSync(fd, b, 0, b.length, 0) === b.length && b.equals(MAGIC); } finally { fs.closeSync(fd); }
}

// restore checks, decrypts and decompresses one backup file into opts.output. The result is
// written under a temporary name and renamed into place only when every chunk authenticated and
// the checksum matched; on any failure the temporary file is removed.
async function restore(file, ring, opts) {
  let st;
  try { st = fs.statSync(file); } catch (e) { fail('ErrUsage', `cannot read ${file} (${e.code || e.message}).`); }
  if (!st.isFile()) fail('ErrUsage', `${file} is not a file.`);
  const sc = opts.noSidecar ? null : loadSidecar(file);
  const p = plan(file, sc, opts);
  fs.mkdirSync(opts.output, { recursive: true });
  if (path.resolve(p.out) === path.resolve(file)) fail('ErrUsage', `the output ${p.out} would replace the backup itself: choose another folder with -o DIR.`);
  if (exists(p.out) && !opts.force) fail('ErrExists', `${p.out} already exists: remove it, choose another folder with -o DIR, or pass --force.`);

  const log = opts.log;
  log(`Restoring ${file}`);
  log(`  ${p.encrypted ? 'encrypted' : 'not encrypted'}, compression ${p.compression}${sc ? ', checked against its sidecar' : ', no sidecar: nothing to check the checksum against'}`);

  const hash = crypto.createHash('sha256');
  let read = 0;
  const progress = new Progress(p.encrypted ? 'decrypting' : 'reading', st.size);
  const tmp = path.join(opts.output, `.tmp-${randomTag()}-${p.outName}`);
  const fh = await fsp.open(file, 'r');
  try {
    const src = new Source(fh, (b) => { hash.update(b); read += b.length; progress.update(read); });
    const chunks = p.encrypted ? decryptChunks(src, ring, p.wraps) : plainChunks(src);
    const stages = [chunks];
    let decFailed = false;
    if (p.dec) {
      p.dec.once('error', () => { decFailed = true; });
      stages.push(p.dec);
    }
    stages.push(fs.createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
    try {
      await pipeline(...stages);
    } catch (e) {
      if (e instanceof RecoverError) throw e;
      if (decFailed) fail('ErrDecompress', `the ${p.compression} data inside is damaged or incomplete (${e.message}).`);
      throw e;
    }
    progress.done();
    const sum = hash.digest('hex');
    if (sc) {
      if (read !== sc.size) fail('ErrChecksum', `the file has ${read} bytes but its sidecar records ${sc.size}: it is incomplete or changed; fetch it again.`);
      if (sum !== sc.sha256) fail('ErrChecksum', `the file's SHA-256 is ${sum} but its sidecar records ${sc.sha256}: it is not the backup the sidecar describes; fetch both again.`);
      log(`  SHA-256 ${sum} matches the sidecar`);
    } else {
      log(`  SHA-256 ${sum} (no sidecar to compare with)`);
    }
    await fh.close();
    fs.renameSync(tmp, p.out);
  } catch (e) {
    progress.done();
    await fh.close().catch(() => {});
    fs.rmSync(tmp, { force: true, recursive: true, maxRetries: 5 });
    throw e;
  }
  log(`Wrote ${path.resolve(p.out)}`);
  if (p.zstdPending) {
    log('');
    log(`This Node.js (${process.version}) cannot decompress zstd (Node.js 22.15 or later can).`);
    log(`The decrypted, authenticated file ${p.out} is still zstd-compressed. Finish with one of:`);
    log(`  zstd -d "${p.out}"`);
    log(`  dbackup decrypt "${file}" --kit KIT -o "${opts.output}"`);
    log('or run this script again with Node.js 22.15 or later.');
    if (opts.unpack && p.archive) log('Then extract the archive with: tar -xf the .tar file (see README.md).');
    return p.out;
  }
  if (opts.unpack) {
    if (p.archive) {
      await unpackArchive(p.out, opts);
    } else {
      log('  --unpack: this backup is a single database, not a dbackup-tar-v1 archive; nothing to unpack.');
    }
  }
  return p.out;
}

// ---------------------------------------------------------------------------------------------
// dbackup-tar-v1 archives

const corrupt = (msg) => fail('ErrCorrupt', `the archive is corrupt: ${msg}`);
const cstr = (b) => { const z = b.indexOf(0); return (z < 0 ? b : b.subarray(0, z)).toString('utf8'); };
const safeName = (name) => name.replace(/[^A-Za-z0-9._-]/gu, '_').slice(0, 100);
const folderOf = (i, name) => `databases/${String(i).padStart(3, '0')}-${safeName(name)}/`;

function parseOctal(b, what) {
  const s = cstr(b).trim();
  if (!/^[0-7]+$/.test(s)) corrupt(`bad ${what} field ${JSON.stringify(s)}`);
  return parseInt(s, 8);
}

function checkHeaderSum(h) {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
  if (parseOctal(h.subarray(148, 156), 'checksum') !== sum) corrupt('a tar header checksum does not match');
}

// paxPath returns the path record of a pax extended header, or null.
function paxPath(data) {
  let off = 0;
  let out = null;
  while (off < data.length) {
    const sp = data.indexOf(0x20, off);
    if (sp < 0) corrupt('bad pax record');
    const len = parseInt(data.toString('ascii', off, sp), 10);
    if (!(len > 0) || off + len > data.length) corrupt('bad pax record length');
    const rec = data.toString('utf8', sp + 1, off + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0 && rec.slice(0, eq) === 'path') out = rec.slice(eq + 1);
    off += len;
  }
  return out;
}

// unpackArchive extracts each database's dump from a verified dbackup-tar-v1 file into a folder
// next to it, checking what docs/archive-format.md lists under "Reading and checking". The folder
// is built under a temporary name and renamed into place only when the manifest matched.
async function unpackArchive(tarFile, opts) {
  const base = path.basename(tarFile).replace(/\.tar$/, '');
  const dest = path.join(path.dirname(tarFile), base);
  if (exists(dest) && !opts.force) fail('ErrExists', `${dest} already exists: remove it, choose another folder with -o DIR, or pass --force.`);
  const tmpDir = path.join(path.dirname(tarFile), `.tmp-${randomTag()}-${base}`);
  fs.mkdirSync(tmpDir, { mode: 0o700 });
  const fh = await fsp.open(tarFile, 'r');
  const seen = [];
  let out = null; // the write stream of the database being read
  try {
    const src = new Source(fh);
    const block = async () => { await src.fill(BLOCK); if (src.buf.length < BLOCK) corrupt('the tar stream ends early (missing or half trailer)'); return Buffer.from(src.take(BLOCK)); };
    const data = async (size, sink) => {
      let left = size;
      while (left > 0) {
        await src.fill(Math.min(left, READ_SIZE));
        if (!src.buf.length) corrupt('the tar stream ends inside an entry');
        const b = src.take(Math.min(left, src.buf.length, READ_SIZE));
        left -= b.length;
        await sink(b);
      }
      const pad = (BLOCK - (size % BLOCK)) % BLOCK;
      await src.fill(pad);
      if (src.buf.length < pad) corrupt('the tar stream ends inside padding');
      src.take(pad);
    };
    const collect = async (size) => { const parts = []; await data(size, (b) => { parts.push(Buffer.from(b)); }); return Buffer.concat(parts); };
    const closeOut = async () => { if (out) { const s = out; out = null; await new Promise((res, rej) => s.end((e) => (e ? rej(e) : res()))); } };

    let manifest = null;
    for (;;) {
      let h = await block();
      if (h.every((b) => b === 0)) {
        const h2 = await block();
        if (!h2.every((b) => b === 0)) corrupt('a zero block is not followed by a second one');
        break;
      }
      if (manifest) corrupt('an entry follows manifest.json');
      checkHeaderSum(h);
      let override = null;
      if (String.fromCharCode(h[156]) === 'x') {
        const size = parseOctal(h.subarray(124, 136), 'size');
        if (size > MAX_PAX) corrupt('a pax header is too large');
        override = paxPath(await collect(size));
        h = await block();
        checkHeaderSum(h);
      }
      const type = h[156];
      if (type !== 0x30 && type !== 0) corrupt(`an entry is not a regular file (type ${JSON.stringify(String.fromCharCode(type))})`);
      const prefix = cstr(h.subarray(345, 500));
      const name = override || (prefix ? `${prefix}/${cstr(h.subarray(0, 100))}` : cstr(h.subarray(0, 100)));
      const size = parseOctal(h.subarray(124, 136), 'size');
      if (name === 'manifest.json') {
        if (size > MAX_MANIFEST) corrupt('manifest.json is larger than 2 MiB');
        await closeOut();
        manifest = await collect(size);
        continue;
      }
      const m = /^databases\/(\d{3})-([A-Za-z0-9._-]{1,100})\/part-(\d{6})$/.exec(name);
      if (!m) corrupt(`unexpected entry ${JSON.stringify(name)}`);
      if (size > MAX_PART) corrupt(`${name} is larger than 4 MiB`);
      const idx = Number(m[1]);
      const part = Number(m[3]);
      const dir = `databases/${m[1]}-${m[2]}/`;
      let cur = seen[seen.length - 1];
      if (cur && idx === seen.length - 1 && dir === cur.dir) {
        if (part !== cur.parts + 1) corrupt(`${name}: parts of ${cur.dir} are not consecutive`);
      } else {
        if (idx !== seen.length) corrupt(`${name}: database indexes do not run 000, 001, … without gaps`);
        if (part !== 1) corrupt(`${name}: the first part of a database must be part-000001`);
        await closeOut();
        cur = { dir, safe: m[2], parts: 0, size: 0, hash: crypto.createHash('sha256'), tmp: path.join(tmpDir, `.part-${m[1]}`) };
        seen.push(cur);
        out = fs.createWriteStream(cur.tmp, { flags: 'wx', mode: 0o600 });
      }
      cur.parts++;
      cur.size += size;
      const stream = out;
      await data(size, (b) => {
        cur.hash.update(b);
        if (!stream.write(b)) return new Promise((res) => stream.once('drain', res));
        return undefined;
      });
    }
    await closeOut();
    if (!manifest) corrupt('manifest.json is missing');
    let doc;
    try { doc = JSON.parse(manifest.toString('utf8')); } catch (e) { corrupt(`manifest.json is not JSON (${e.message})`); }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) corrupt('manifest.json is not a JSON object');
    if (doc.version !== 1) corrupt(`manifest version ${doc.version}, this script reads 1: use a newer Recovery Kit`);
    if (!Array.isArray(doc.databases) || doc.databases.length !== seen.length) corrupt('the manifest lists other databases than the archive holds');
    const names = new Set();
    const files = [];
    doc.databases.forEach((e, i) => {
      const s = seen[i];
      const db = e && e.database;
      if (typeof db !== 'string' || db === '' || names.has(db)) corrupt(`database ${i}: empty or repeated name`);
      names.add(db);
      if (e.path !== s.dir || folderOf(i, db) !== s.dir) corrupt(`database ${JSON.stringify(db)}: path ${JSON.stringify(e.path)} does not match ${s.dir}`);
      const sum = s.hash.digest('hex');
      if (e.size !== s.size || e.parts !== s.parts || e.sha256 !== sum) corrupt(`database ${JSON.stringify(db)}: size, parts or SHA-256 differ from the manifest`);
      files.push({ tmp: s.tmp, name: s.safe, ext: DUMP_EXT[e.format] || '.dump', db, size: s.size });
    });
    const taken = new Set();
    for (const [i, f] of files.entries()) {
      let n = f.name + f.ext;
      if (taken.has(n.toLowerCase()) || n.startsWith('.') || n.toLowerCase() === 'manifest.json') n = `${String(i).padStart(3, '0')}-${n}`;
      taken.add(n.toLowerCase());
      fs.renameSync(f.tmp, path.join(tmpDir, n));
      f.out = n;
    }
    fs.writeFileSync(path.join(tmpDir, 'manifest.json'), manifest);
    await fh.close();
    if (exists(dest)) fs.rmSync(dest, { recursive: true, force: true });
    fs.renameSync(tmpDir, dest);
    opts.log(`Unpacked ${files.length} database${files.length === 1 ? '' : 's'} into ${dest}:`);
    for (const f of files) opts.log(`  ${f.out}  (${f.db}, ${human(f.size)}, SHA-256 checked)`);
    return dest;
  } catch (e) {
    if (out) out.destroy();
    await fh.close().catch(() => {});
    fs.rmSync(tmpDir, { recursive: true, force: true, maxRetries: 5 });
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Listing

const SKIP_DIRS = new Set(['node_modules', '.git', 'keys']);

// findBackups returns every sidecar under dir (recursively), parsed, sorted by object path.
function findBackups(dir, ring) {
  const out = [];
  const walk = (d, depth) => {
    let entries;
    try { entries = fs.readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (depth < 12 && !SKIP_DIRS.has(e.name) && !e.name.startsWith('.tmp-')) walk(p, depth + 1);
      } else if (e.isFile() && e.name.endsWith(SIDECAR_SUFFIX) && e.name.length > SIDECAR_SUFFIX.length) {
        const object = p.slice(0, -SIDECAR_SUFFIX.length);
        const row = { object, rel: path.relative(dir, object) || path.basename(object), present: exists(object) };
        try {
          row.sc = loadSidecar(object);
        } catch (err) {
          row.error = err.message;
        }
        out.push(row);
      }
    }
  };
  walk(dir, 0);
  out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  for (const r of out) {
    if (!r.sc) continue;
    const e = r.sc.encryption;
    const kids = e ? [e.keyId, ...(Array.isArray(e.wraps) ? e.wraps.map((w) => w && w.kid) : [])] : [];
    r.kid = e ? e.keyId : '';
    r.haveKey = e ? kids.some((k) => ring.has(k)) : null;
  }
  return out;
}

function table(rows, numbered) {
  const head = [...(numbered ? ['#'] : []), 'BACKUP', 'JOB', 'DATABASES', 'CREATED', 'SIZE', 'ENCRYPTED', 'KEY ID', 'KEY LOADED'];
  const body = rows.map((r, i) => {
    const sc = r.sc;
    const cells = sc
      ? [r.rel + (r.present ? '' : ' (file missing)'), sc.jobName || sc.jobId || '-', (sc.databases || []).join(',') || '-',
        sc.startedAt ? String(sc.startedAt).replace('T', ' ').replace(/\.\d+/, '') : '-', human(sc.size),
        sc.encryption ? 'yes' : 'no', r.kid || '-', sc.encryption ? (r.haveKey ? 'yes' : 'NO') : '-']
      : [r.rel, `unreadable sidecar: ${r.error}`, '', '', '', '', '', ''];
    return numbered ? [String(i + 1), ...cells] : cells;
  });
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const line = (cells) => cells.map((s, c) => s.padEnd(widths[c])).join('  ').trimEnd();
  return [line(head), ...body.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Interactive picker

// lineQueue returns ask(prompt), which resolves to the next line typed (or piped) in, or null at
// the end of input. Lines are queued, so answers typed ahead during a restore are not lost.
function lineQueue(rl) {
  const lines = [];
  const waiting = [];
  let closed = false;
  rl.on('line', (l) => (waiting.length ? waiting.shift()(l) : lines.push(l)));
  rl.on('close', () => { closed = true; while (waiting.length) waiting.shift()(null); });
  return (prompt) => {
    process.stdout.write(prompt);
    if (lines.length) return Promise.resolve(lines.shift());
    if (closed) return Promise.resolve(null);
    return new Promise((res) => waiting.push(res));
  };
}

// cleanPath undoes what terminals add when a folder is dragged onto them: quotes and
// backslash-escaped spaces.
function cleanPath(s) {
  let p = s.trim();
  if ((p.startsWith('"') && p.endsWith('"')) || (p.startsWith("'") && p.endsWith("'"))) p = p.slice(1, -1);
  else p = p.replace(/\\(.)/g, '$1');
  return p;
}

async function interactive(dir, ring, opts) {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: Boolean(process.stdin.isTTY && process.stdout.isTTY) });
  const ask = lineQueue(rl);
  try {
    console.log(`DBackup Recovery Kit: ${ring.size} profile key${ring.size === 1 ? '' : 's'} loaded (${ring.describe()}).`);
    for (;;) {
      const rows = findBackups(dir, ring).filter((r) => r.sc && r.present);
      if (!rows.length) {
        console.log(`\nNo backups (files with a .meta.json sidecar) were found in ${path.resolve(dir)}.`);
        const a = cleanPath((await ask('Folder that holds your backups (you can drag it here), a backup file, or q to quit: ')) || 'q');
        if (!a || a === 'q') return 0;
        if (exists(a) && fs.statSync(a).isFile()) return await restoreOne(a, ring, opts);
        dir = a;
        continue;
      }
      console.log(`\nBackups in ${path.resolve(dir)}:\n`);
      console.log(table(rows, true));
      const a = ((await ask(`\nNumber of the backup to restore into ${path.resolve(opts.output)}, a folder to look in, or q to quit: `)) || 'q').trim();
      if (a === 'q' || a === '') return 0;
      const n = Number(a);
      if (Number.isInteger(n) && n >= 1 && n <= rows.length) {
        const code = await restoreOne(rows[n - 1].object, ring, opts);
        const again = ((await ask('\nRestore another? [y/N] ')) || '').trim().toLowerCase();
        if (again !== 'y') return code;
        continue;
      }
      const p = cleanPath(a);
      if (exists(p) && fs.statSync(p).isDirectory()) dir = p;
      else console.log(`"${a}" is not a number from 1 to ${rows.length} or a folder.`);
    }
  } finally {
    rl.close();
  }
}

async function restoreOne(file, ring, opts) {
  try {
    await restore(file, ring, opts);
    return 0;
  } catch (e) {
    report(e);
    return 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Command line

const USAGE = `DBackup Recovery Kit: restore DBackup backups without DBackup (Node.js 18+).

Usage:
  node dbackup-recover.js                       pick a backup in the current folder (interactive)
  node dbackup-recover.js DIR                   pick a backup in DIR (interactive)
  node dbackup-recover.js --list [DIR]          list the backups in DIR (default: current folder)
  node dbackup-recover.js --decrypt FILE [-o OUT] [--unpack]
                                                check, decrypt and decompress FILE into OUT

Options:
  -o, --output DIR   where restored files go (default: ./restored)
  --kit DIR          load the keys of the Recovery Kit unzipped in DIR
                     (default: the kit this script is in, when it has a keys folder)
  --key-file FILE    load a profile key from FILE (64 hex characters); repeatable
  --key HEX          load a profile key given as 64 hex characters; repeatable
  --unpack           for a multi-database backup (dbackup-tar-v1), also extract each database
  --force            replace existing output files
  --no-sidecar       ignore FILE.meta.json (no checksum check; layers guessed from the name)
  --interactive      ask which backup to restore even when not run in a terminal
  -h, --help         show this help

The result is written under a temporary name and renamed into place only after every chunk
authenticated and the SHA-256 matched the sidecar; on any failure nothing is left behind and
the exit code is 1. Errors start with a name such as ErrTampered or ErrUnknownKey, explained
in the kit's README.md.`;

function parseArgs(argv) {
  const o = { keyFiles: [], keys: [], kit: null, list: false, listDir: null, decrypt: null, output: 'restored', unpack: false, force: false, noSidecar: false, interactive: false, help: false, positional: [] };
  const need = (i, flag) => { if (i + 1 >= argv.length) fail('ErrUsage', `${flag} needs a value (see --help).`); return argv[i + 1]; };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '-h': case '--help': o.help = true; break;
      case '--key-file': o.keyFiles.push(need(i, a)); i++; break;
      case '--key': o.keys.push(need(i, a)); i++; break;
      case '--kit': o.kit = need(i, a); i++; break;
      case '-o': case '--output': o.output = need(i, a); i++; break;
      case '--decrypt': o.decrypt = need(i, a); i++; break;
      case '--unpack': o.unpack = true; break;
      case '--force': o.force = true; break;
      case '--no-sidecar': o.noSidecar = true; break;
      case '--interactive': o.interactive = true; break;
      case '--list':
        o.list = true;
        if (i + 1 < argv.length && !argv[i + 1].startsWith('-')) { o.listDir = argv[i + 1]; i++; }
        break;
      case '--version': console.log(`dbackup-recover.js ${VERSION}`); process.exit(0); break;
      default:
        if (a.startsWith('-') && a !== '-') fail('ErrUsage', `unknown option ${a} (see --help).`);
        o.positional.push(a);
    }
  }
  return o;
}

function loadKeys(o) {
  const ring = new KeyRing();
  for (const f of o.keyFiles) {
    let text;
    try { text = fs.readFileSync(f, 'utf8'); } catch (e) { fail('ErrKey', `cannot read key file ${f} (${e.code || e.message}).`); }
    ring.add(parseKey(text, `key file ${f}`), f);
  }
  o.keys.forEach((k, i) => ring.add(parseKey(k, `--key number ${i + 1}`), `--key ${i + 1}`));
  if (o.kit) {
    loadKit(o.kit, ring);
  } else if (!o.keyFiles.length && !o.keys.length && exists(path.join(__dirname, 'keys', 'keys.json'))) {
    loadKit(__dirname, ring);
  }
  return ring;
}

function report(e) {
  if (e instanceof RecoverError) console.error(`error: ${e.message}`);
  else console.error(`error: ${e && e.stack ? e.stack : e}`);
}

async function main(argv) {
  const o = parseArgs(argv);
  if (o.help) { console.log(USAGE); return 0; }
  const ring = loadKeys(o);
  const opts = { output: o.output, unpack: o.unpack, force: o.force, noSidecar: o.noSidecar, log: (s) => console.log(s) };
  if (o.list) {
    const dir = o.listDir || o.positional[0] || '.';
    const rows = findBackups(dir, ring);
    if (!rows.length) { console.log(`No backups (files with a .meta.json sidecar) found in ${path.resolve(dir)}.`); return 0; }
    console.log(table(rows, false));
    return 0;
  }
  if (o.decrypt) {
    await restore(o.decrypt, ring, opts);
    return 0;
  }
  if (o.positional.length > 1) fail('ErrUsage', 'give one file or folder (see --help).');
  const target = o.positional[0];
  if (target && exists(target) && fs.statSync(target).isFile()) {
    await restore(target, ring, opts);
    return 0;
  }
  if (o.interactive || (process.stdin.isTTY && process.stdout.isTTY)) return interactive(target || '.', ring, opts);
  if (target) {
    if (!exists(target)) fail('ErrUsage', `${target} does not exist.`);
    console.log(table(findBackups(target, ring), false));
    return 0;
  }
  console.error(USAGE);
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e) => { report(e); process.exitCode = e instanceof RecoverError && e.code === 'ErrUsage' ? 2 : 1; },
  );
}

module.exports = { kidOf, decryptChunks, Source, KeyRing };
