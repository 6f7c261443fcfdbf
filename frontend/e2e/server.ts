import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binaryMissing, binaryPath } from './env';

/** startTimeoutMs bounds how long a fresh server may take to answer /healthz. */
const startTimeoutMs = 30_000;

/** stopTimeoutMs is how long a server may take to shut down gracefully before it is killed. */
const stopTimeoutMs = 10_000;

/** maxLogChars keeps the tail of the server's output for failure messages. */
const maxLogChars = 64_000;

/** Server is a dbackup process started for one test, with its own data folder and port. */
export interface Server {
  url: string;
  log(): string;
  stop(): Promise<void>;
}

/** freePort asks the kernel for a port no one listens on, then releases it for dbackup. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** randomKey is a fresh ENCRYPTION_KEY: 32 random bytes as 64 hex characters. */
export function randomKey(): string {
  return randomBytes(32).toString('hex');
}

/** ServerOptions let a spec restart a server on the same database, with another key. */
export interface ServerOptions {
  /** dataDir is a folder the caller owns and keeps when the server stops; default a fresh one that stop removes. */
  dataDir?: string;
  /** port to listen on; default a free one. */
  port?: number;
  /** key is the ENCRYPTION_KEY; default none, so a fresh server generates its own (state GENERATED). */
  key?: string;
}

/**
 * startServer runs `dbackup serve` on a free port with a fresh SQLite database in a temporary
 * DATA_DIR and no ENCRYPTION_KEY (or as opts say), and resolves once /healthz answers 200.
 */
export async function startServer(opts: ServerOptions = {}): Promise<Server> {
  const missing = binaryMissing();
  if (missing) throw new Error(missing);

  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'dbackup-e2e-')));
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(binaryPath, ['serve'], {
    env: {
      ...process.env,
      LISTEN: `127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      DATABASE_URL: `sqlite://${join(dataDir, 'dbackup.db')}`,
      // No key from the caller's environment: a fresh server generates its own (state GENERATED).
      ENCRYPTION_KEY: opts.key ?? '',
      ENCRYPTION_KEY_FILE: '',
      ENCRYPTION_KEY_PREVIOUS: '',
      ENCRYPTION_KEY_PREVIOUS_FILE: '',
      ENCRYPTION_KEY_STRICT: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-maxLogChars);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const spawnFailed = new Promise<Error>((resolve) => child.once('error', resolve));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const done = await Promise.race([exited(child).then(() => true), sleep(stopTimeoutMs).then(() => false)]);
      if (!done) {
        child.kill('SIGKILL');
        await exited(child);
      }
    }
    if (ownDir) await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    const failed = await Promise.race([spawnFailed, sleep(0).then(() => undefined)]);
    if (failed || child.exitCode !== null) {
      await stop();
      throw new Error(`dbackup serve exited before it was healthy (${failed ?? `code ${child.exitCode}`}):\n${output}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`dbackup serve did not answer ${url}/healthz with 200 within ${startTimeoutMs} ms:\n${output}`);
    }
    await sleep(100);
  }
  return { url, log: () => output, stop };
}
